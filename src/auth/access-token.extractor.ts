import type { FastifyRequest } from 'fastify';
import { ACCESS_TOKEN_COOKIE } from './cookies/cookie-names.js';

const BEARER = /^Bearer[ \t]+([^ \t]+)[ \t]*$/i;

export function bearerToken(request: FastifyRequest): string | undefined {
  const header = request.headers.authorization;
  return header ? BEARER.exec(header)?.[1] : undefined;
}

/**
 * The `Authorization: Bearer` token, else (in cookie mode) the `access_token` cookie. Never the
 * query string: a token there leaks into logs and browser history.
 */
export function accessTokenExtractor(cookiesEnabled: boolean) {
  return (request: FastifyRequest): string | null =>
    bearerToken(request) ??
    (cookiesEnabled ? request.cookies?.[ACCESS_TOKEN_COOKIE] : undefined) ??
    null;
}
