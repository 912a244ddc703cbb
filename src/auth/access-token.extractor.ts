import type { FastifyRequest } from 'fastify';
import { ACCESS_TOKEN_COOKIE } from './cookies/cookie-names.js';

const BEARER = /^Bearer[ \t]+([^ \t]+)[ \t]*$/i;

/** Requests whose access token came from the cookie: their unsafe methods need the CSRF token. */
const fromCookie = new WeakSet<FastifyRequest>();

/**
 * The `Authorization: Bearer` token, else (in cookie mode) the `access_token` cookie. Never the
 * query string: a token there leaks into logs and browser history.
 */
export function accessTokenExtractor(cookiesEnabled: boolean) {
  return (request: FastifyRequest): string | null => {
    const header = request.headers.authorization;
    const bearer = header ? BEARER.exec(header)?.[1] : undefined;
    if (bearer !== undefined) return bearer;
    const cookie = cookiesEnabled ? request.cookies?.[ACCESS_TOKEN_COOKIE] : undefined;
    if (cookie === undefined) return null;
    fromCookie.add(request);
    return cookie;
  };
}

export function tookAccessTokenFromCookie(request: FastifyRequest): boolean {
  return fromCookie.has(request);
}
