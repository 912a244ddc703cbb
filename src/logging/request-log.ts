import type { FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import { callerIdOf, runInRequestContext } from './request-context.js';

/**
 * One line per request, when its response has been sent: id, method, route pattern (never the
 * URL, whose ids and query string may be anything, tokens included), status, duration, caller
 * and client address. Everything logged meanwhile carries the same request id.
 */
export function registerRequestLog(fastify: FastifyInstance, logger: Logger): void {
  fastify.addHook('onRequest', (request, _reply, done) => runInRequestContext(request, done));
  fastify.addHook('onResponse', (request, reply, done) => {
    const status = reply.statusCode;
    logger[status >= 500 ? 'warn' : 'info'](
      {
        requestId: request.id,
        method: request.method,
        route: request.routeOptions.url ?? null,
        status,
        durationMs: Math.round(reply.elapsedTime * 100) / 100,
        userId: callerIdOf(request),
        ip: request.ip,
      },
      'request completed',
    );
    done();
  });
}
