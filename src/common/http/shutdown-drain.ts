import type { FastifyInstance } from 'fastify';
import { AppError } from '../errors/app-error.js';
import { sendProblem } from '../errors/send-problem.js';

/** Seconds a client should wait before it tries again, by then on another instance. */
const RETRY_AFTER_SECONDS = 1;

/**
 * While the server drains on shutdown: a request arriving on a connection that is still open is
 * refused at once with a 503 problem document (Fastify's own refusal is plain JSON, so its
 * `return503OnClosing` stays off), and every response ends its connection. The server closes the
 * connections that are idle when the close begins; one whose request was still running would
 * otherwise stay open after its answer until the client's keep-alive timeout, and hold up the
 * shutdown as long. Registered after the request-id and security-header hooks, so the refusal
 * carries both.
 */
export function registerShutdownDrain(fastify: FastifyInstance): void {
  let closing = false;
  fastify.addHook('preClose', async () => {
    closing = true;
  });
  fastify.addHook('onRequest', (request, reply, done) => {
    if (!closing) return done();
    sendProblem(
      reply,
      new AppError('service_unavailable', {
        detail: 'The server is shutting down; send the request again',
        retryAfter: RETRY_AFTER_SECONDS,
      }),
      request.url,
    );
  });
  fastify.addHook('onSend', async (request, reply, payload) => {
    if (closing && request.raw.httpVersionMajor < 2) reply.header('Connection', 'close');
    return payload;
  });
}
