import type { FastifyReply } from 'fastify';
import type { AppError } from './app-error.js';
import type { ErrorCode } from './error-codes.js';
import { PROBLEM_CONTENT_TYPE, problemDocument } from './problem-document.js';

/** `WWW-Authenticate` challenges (RFC 6750 §3; RFC 9470 for step-up to a fresh login). */
const BEARER_CHALLENGES: Partial<Record<ErrorCode, string>> = {
  token_missing: 'Bearer',
  token_invalid: 'Bearer error="invalid_token"',
  token_expired: 'Bearer error="invalid_token"',
  token_revoked: 'Bearer error="invalid_token"',
  fresh_token_required: 'Bearer error="insufficient_user_authentication"',
};

/** The request path, never its query string (which may hold anything the caller sent). */
export function instanceOf(url: string): string {
  return url.split('?', 1)[0];
}

/** Sends `error` as an RFC 9457 problem document, with the headers its code calls for. */
export function sendProblem(reply: FastifyReply, error: AppError, url: string): void {
  const body = problemDocument(
    error.status,
    error.code,
    error.detail,
    instanceOf(url),
    error.errors,
  );
  const challenge = BEARER_CHALLENGES[error.code];
  if (challenge) reply.header('WWW-Authenticate', challenge);
  if (error.retryAfter !== undefined) reply.header('Retry-After', String(error.retryAfter));
  if (error.allow) reply.header('Allow', error.allow.join(', '));
  void reply.status(error.status).type(PROBLEM_CONTENT_TYPE).send(body);
}
