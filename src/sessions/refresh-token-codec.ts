import { createHash, createHmac, randomBytes } from 'node:crypto';

const PREFIX = 'rt_';
const TOKEN = /^rt_[A-Za-z0-9_-]{43}$/;

/** A new random refresh token: 256 bits, opaque, never a JWT. */
export function newRefreshToken(): string {
  return PREFIX + randomBytes(32).toString('base64url');
}

/**
 * The token that rotation gives in exchange for `token`: derived, not random, so that a client
 * that sends one token twice within the reuse interval gets the same successor again without the
 * server ever storing a token. Only a holder of the server secret can derive it.
 */
export function successorOf(token: string, secret: Buffer): string {
  return PREFIX + createHmac('sha256', secret).update(token).digest('base64url');
}

export function isRefreshTokenShaped(value: unknown): value is string {
  return typeof value === 'string' && TOKEN.test(value);
}

/** What is stored and looked up: the SHA-256 of the token, hex. */
export function hashRefreshToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}
