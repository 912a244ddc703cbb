import type { FastifyRequest } from 'fastify';
import { timingSafeEqual } from 'node:crypto';
import { AppError } from '../../common/errors/app-error.js';
import { CSRF_COOKIE, CSRF_HEADER } from './cookie-names.js';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

export function isUnsafeMethod(request: FastifyRequest): boolean {
  return !SAFE_METHODS.has(request.method);
}

/**
 * Double-submit: a page of ours can read the `csrf_token` cookie and echo it in `X-CSRF-Token`;
 * a cross-site form cannot. Compared in constant time.
 */
export function assertCsrfToken(request: FastifyRequest): void {
  const cookie = request.cookies?.[CSRF_COOKIE];
  const header = request.headers[CSRF_HEADER];
  if (typeof cookie !== 'string' || typeof header !== 'string' || cookie.length === 0) {
    throw new AppError('csrf_failed');
  }
  const expected = Buffer.from(cookie);
  const given = Buffer.from(header);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) {
    throw new AppError('csrf_failed');
  }
}
