import type { Params } from 'nestjs-pino';
import { type DestinationStream, destination, type LoggerOptions, stdTimeFunctions } from 'pino';
import type { LogConfig } from '../config/log.config.js';
import { callerIdOf, currentRequest } from './request-context.js';

/**
 * Never logged, wherever they turn up. Log lines are built from named fields only (no request
 * bodies, headers or URLs), so this is the second line of defence, not the first. The paths are
 * spelled out: a wildcard path (`*.password`) makes pino walk every line and cost ten times more.
 */
const SECRET_FIELDS = [
  'authorization',
  'cookie',
  '"set-cookie"',
  'password',
  'currentPassword',
  'newPassword',
  'passwordHash',
  'access_token',
  'refresh_token',
  'accessToken',
  'refreshToken',
  'token',
];
const SECRET_HOLDERS = ['', 'headers.', 'body.', 'req.headers.', 'req.body.', 'res.headers.'];
export const REDACTED_PATHS = SECRET_HOLDERS.flatMap((holder) =>
  SECRET_FIELDS.map((field) => `${holder}${field}`),
);

/**
 * Every line written while a request is handled names it: its id (the `X-Request-Id` the caller
 * sees), the client address, and the authenticated caller once known.
 */
function requestFields(): Record<string, string> {
  const request = currentRequest();
  if (!request) return {};
  const userId = callerIdOf(request);
  return userId
    ? { requestId: request.id, ip: request.ip, userId }
    : { requestId: request.id, ip: request.ip };
}

export function pinoOptions(config: LogConfig): LoggerOptions {
  return {
    level: config.level,
    redact: REDACTED_PATHS,
    timestamp: stdTimeFunctions.isoTime,
    formatters: { level: (label) => ({ level: label }) },
    mixin: requestFields,
    ...(config.pretty
      ? {
          transport: {
            target: 'pino-pretty',
            options: { translateTime: 'SYS:HH:MM:ss.l', ignore: 'pid,hostname' },
          },
        }
      : {}),
  };
}

let stdout: DestinationStream | undefined;

/**
 * Standard output, written in batches of 4 KiB rather than a system call per line (a tenth of
 * the cost of a request line), and at least once a second, so that a quiet server's lines still
 * show up at once. pino writes out what is left when the process exits. One per process, as the
 * logger `nestjs-pino` builds on it is.
 */
function batchedStdout(): DestinationStream {
  if (!stdout) {
    const stream = destination({ dest: 1, minLength: 4096, sync: false });
    setInterval(() => stream.flush(), 1000).unref();
    stdout = stream;
  }
  return stdout;
}

/**
 * `nestjs-pino` builds the one pino logger that Nest's logger, the auth events and the request
 * log write to. Its `pino-http` middleware is not mounted (`forRoutes: []`): that middleware sees
 * only Node's request (no route pattern, no authenticated user), and Nest applies it under the
 * `/api` prefix only; the Fastify hooks in `request-log.ts` cover every request for less.
 */
export function loggerParams(config: LogConfig): Params {
  const options = pinoOptions(config);
  return {
    pinoHttp: config.pretty ? options : [options, batchedStdout()],
    forRoutes: [],
  };
}
