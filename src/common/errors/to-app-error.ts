import { HttpException } from '@nestjs/common';
import { ThrottlerException } from '@nestjs/throttler';
import { AppError } from './app-error.js';
import { ERROR_CODES, type ErrorCode } from './error-codes.js';

/** Fastify's own errors (body parsing, headers, URLs), by their `code`. */
const FASTIFY_ERRORS: Record<string, ErrorCode> = {
  FST_ERR_CTP_BODY_TOO_LARGE: 'payload_too_large',
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 'unsupported_media_type',
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: 'bad_request',
  FST_ERR_BAD_URL: 'not_found',
};

const BY_STATUS: Record<number, ErrorCode> = {
  400: 'bad_request',
  401: 'token_invalid',
  403: 'forbidden',
  404: 'not_found',
  405: 'method_not_allowed',
  413: 'payload_too_large',
  415: 'unsupported_media_type',
  429: 'too_many_requests',
  431: 'header_too_large',
  503: 'service_unavailable',
};

/**
 * Maps anything thrown while handling a request to the contract's error, or to `undefined`
 * when it is not a client error we know (then it is an internal error).
 */
export function toAppError(thrown: unknown): AppError | undefined {
  // The Fastify adapter wraps Fastify's own 4xx errors in an HttpException.
  const error =
    thrown instanceof HttpException && thrown.cause instanceof Error ? thrown.cause : thrown;
  if (error instanceof AppError) return error;
  if (error instanceof ThrottlerException) return new AppError('too_many_requests');
  if (error instanceof HttpException) {
    const code = BY_STATUS[error.getStatus()];
    return code ? new AppError(code) : undefined;
  }
  if (isFastifyError(error)) {
    if (error.code in FASTIFY_ERRORS) return new AppError(FASTIFY_ERRORS[error.code]);
    const code = BY_STATUS[error.statusCode];
    if (code && ERROR_CODES[code].status < 500) return new AppError(code);
  }
  return undefined;
}

interface FastifyError extends Error {
  code: string;
  statusCode: number;
}

function isFastifyError(error: unknown): error is FastifyError {
  return (
    error instanceof Error &&
    typeof (error as Partial<FastifyError>).statusCode === 'number' &&
    typeof (error as Partial<FastifyError>).code === 'string'
  );
}
