import { applyDecorators, RequestMethod } from '@nestjs/common';
import { METHOD_METADATA } from '@nestjs/common/constants.js';
import { ApiBearerAuth } from '@nestjs/swagger';
import type { ErrorCode } from '../errors/error-codes.js';
import { ApiErrors } from './api-errors.decorator.js';

/** What any route that needs an access token answers when it gets none, or a bad one. */
const ACCESS_TOKEN_ERRORS: readonly ErrorCode[] = [
  'token_missing',
  'token_invalid',
  'token_expired',
  'token_revoked',
];

const SAFE_METHODS: readonly RequestMethod[] = [
  RequestMethod.GET,
  RequestMethod.HEAD,
  RequestMethod.OPTIONS,
];

/**
 * The documentation of a route that needs an access token: the bearer scheme, the access-token
 * errors, `csrf_failed` for an unsafe method (an access token from the cookie needs the CSRF
 * header), and the route's own `codes`. Written above the route decorator, whose method it reads.
 */
export function ApiAuthenticated(...codes: ErrorCode[]): MethodDecorator {
  return (target, key, descriptor) => {
    const method = Reflect.getMetadata(METHOD_METADATA, descriptor.value as object) as
      RequestMethod | undefined;
    if (method === undefined) {
      throw new Error(`@ApiAuthenticated() on ${String(key)} must be above its route decorator`);
    }
    const csrf: ErrorCode[] = SAFE_METHODS.includes(method) ? [] : ['csrf_failed'];
    applyDecorators(ApiBearerAuth(), ApiErrors(...ACCESS_TOKEN_ERRORS, ...csrf, ...codes))(
      target,
      key,
      descriptor,
    );
  };
}
