import { createHash, randomBytes } from 'node:crypto';

const PREFIX = 'rt_';
const TOKEN = /^rt_[A-Za-z0-9_-]{43}$/;

/**
 * A new random refresh token: 256 bits, opaque, never a JWT. Every refresh reaches the database
 * anyway (to rotate and detect reuse), so a self-contained token would buy nothing, and a token
 * that is not a JWT can never be mistaken for an access token or the other way round.
 */
export function newRefreshToken(): string {
  return PREFIX + randomBytes(32).toString('base64url');
}

export function isRefreshTokenShaped(value: unknown): value is string {
  return typeof value === 'string' && TOKEN.test(value);
}

/** What is stored and looked up: the SHA-256 of the token, hex. */
export function hashRefreshToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}
