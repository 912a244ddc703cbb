import type { FastifyInstance } from 'fastify';

/**
 * Once the server closes, every response ends its connection. The server closes the connections
 * that are idle when the close begins; one whose request was still running would otherwise stay
 * open after its answer until the client's keep-alive timeout, and hold up the shutdown as long.
 */
export function closeConnectionsOnShutdown(fastify: FastifyInstance): void {
  let closing = false;
  fastify.addHook('preClose', async () => {
    closing = true;
  });
  fastify.addHook('onSend', async (request, reply, payload) => {
    if (closing && request.raw.httpVersionMajor < 2) reply.header('Connection', 'close');
    return payload;
  });
}
