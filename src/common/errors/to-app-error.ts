import { HttpException } from '@nestjs/common';
import { STATUS_CODES } from 'node:http';
import { AppError } from './app-error.js';
import type { ErrorCode } from './error-codes.js';

/** Fastify's own errors whose status alone would not say which contract code they are. */
const FASTIFY_ERRORS: Record<string, ErrorCode> = {
  FST_ERR_BAD_URL: 'bad_request',
  FST_ERR_MAX_PARAM_LENGTH: 'uri_too_long',
};

const BY_STATUS: Record<number, ErrorCode> = {
  400: 'bad_request',
  401: 'token_invalid',
  403: 'forbidden',
  404: 'not_found',
  405: 'method_not_allowed',
  413: 'payload_too_large',
  414: 'uri_too_long',
  415: 'unsupported_media_type',
  429: 'too_many_requests',
  431: 'header_too_large',
  503: 'service_unavailable',
};

/**
 * Maps anything thrown while handling a request to the contract's error, or to `undefined`
 * when it is not an error we know (then it is an internal error). A framework or plugin error
 * (the router, the body parser, static files) keeps its status; one the contract has no code
 * for (412, 416, ...) is `bad_request` with that status.
 */
export function toAppError(thrown: unknown): AppError | undefined {
  // The Fastify adapter wraps Fastify's and plugins' own 4xx errors in an HttpException.
  const error =
    thrown instanceof HttpException && thrown.cause instanceof Error ? thrown.cause : thrown;
  if (error instanceof AppError) return error;
  const fastifyCode = (error as { code?: unknown } | null)?.code;
  if (typeof fastifyCode === 'string' && fastifyCode in FASTIFY_ERRORS) {
    return new AppError(FASTIFY_ERRORS[fastifyCode]);
  }
  const status = statusOf(error) ?? statusOf(thrown);
  if (status === undefined) return undefined;
  const code = BY_STATUS[status];
  if (code) return new AppError(code);
  if (status >= 500) return undefined;
  return new AppError('bad_request', { status, detail: STATUS_CODES[status] ?? 'Bad Request' });
}

/** The HTTP status an error carries: Nest's, Fastify's (`statusCode`) or http-errors' (`status`). */
function statusOf(error: unknown): number | undefined {
  if (error instanceof HttpException) return error.getStatus();
  if (!(error instanceof Error)) return undefined;
  const { statusCode, status } = error as { statusCode?: unknown; status?: unknown };
  const value = typeof statusCode === 'number' ? statusCode : status;
  return typeof value === 'number' && Number.isInteger(value) && value >= 400 && value <= 599
    ? value
    : undefined;
}
