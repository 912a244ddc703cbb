import { type ArgumentsHost, Catch, type ExceptionFilter, Logger } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { AppError } from './app-error.js';
import type { ErrorCode } from './error-codes.js';
import { PROBLEM_CONTENT_TYPE, problemDocument } from './problem-document.js';
import { toAppError } from './to-app-error.js';

/** `WWW-Authenticate` challenges (RFC 6750 §3; RFC 9470 for step-up to a fresh login). */
const BEARER_CHALLENGES: Partial<Record<ErrorCode, string>> = {
  token_missing: 'Bearer',
  token_invalid: 'Bearer error="invalid_token"',
  token_expired: 'Bearer error="invalid_token"',
  token_revoked: 'Bearer error="invalid_token"',
  fresh_token_required: 'Bearer error="insufficient_user_authentication"',
};

/** Renders every error as an RFC 9457 problem document; nothing internal reaches the client. */
@Catch()
export class ProblemDetailsFilter implements ExceptionFilter {
  private readonly logger = new Logger('ProblemDetailsFilter');

  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const request = http.getRequest<FastifyRequest>();
    const reply = http.getResponse<FastifyReply>();
    const error = toAppError(exception) ?? this.internalError(exception, request);

    const instance = request.url.split('?', 1)[0];
    const body = problemDocument(error.status, error.code, error.detail, instance, error.errors);
    const challenge = BEARER_CHALLENGES[error.code];
    if (challenge) reply.header('WWW-Authenticate', challenge);
    if (error.retryAfter !== undefined) reply.header('Retry-After', String(error.retryAfter));
    void reply.status(error.status).type(PROBLEM_CONTENT_TYPE).send(body);
  }

  private internalError(exception: unknown, request: FastifyRequest): AppError {
    const path = request.url.split('?', 1)[0];
    this.logger.error(
      `Unhandled error on ${request.method} ${path}`,
      exception instanceof Error ? exception.stack : String(exception),
    );
    return new AppError('internal_error');
  }
}
