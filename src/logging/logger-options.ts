import type { Params } from 'nestjs-pino';
import { type LoggerOptions, stdTimeFunctions } from 'pino';
import type { LogConfig } from '../config/log.config.js';
import { callerIdOf, currentRequest } from './request-context.js';

/**
 * Never logged, wherever they turn up. Log lines are built from named fields only (no request
 * bodies, headers or URLs), so this is the second line of defence, not the first.
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
export const REDACTED_PATHS = SECRET_FIELDS.flatMap((field) => [
  field,
  `*.${field}`,
  `*.headers.${field}`,
]);

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

/**
 * `nestjs-pino` builds the one pino logger that Nest's logger, the auth events and the request
 * log write to. Its `pino-http` middleware is not mounted (`forRoutes: []`): that middleware sees
 * only Node's request (no route pattern, no authenticated user), and Nest applies it under the
 * `/api` prefix only; the Fastify hooks in `request-log.ts` cover every request for less.
 */
export function loggerParams(config: LogConfig): Params {
  return { pinoHttp: pinoOptions(config), forRoutes: [] };
}
