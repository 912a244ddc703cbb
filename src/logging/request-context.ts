import type { FastifyRequest } from 'fastify';
import { AsyncLocalStorage } from 'node:async_hooks';

const current = new AsyncLocalStorage<FastifyRequest>();

/** Runs the rest of a request's handling (`next`) with the request as its context. */
export function runInRequestContext(request: FastifyRequest, next: () => void): void {
  current.run(request, next);
}

/** The request being handled, in whatever code it runs; `undefined` outside of one. */
export function currentRequest(): FastifyRequest | undefined {
  return current.getStore();
}

/** The authenticated caller's id, once a guard has set `request.user`. */
export function callerIdOf(request: FastifyRequest): string | undefined {
  const id = (request as { user?: { id?: unknown } }).user?.id;
  return typeof id === 'string' ? id : undefined;
}
