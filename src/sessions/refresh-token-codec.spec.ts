import { randomBytes } from 'node:crypto';
import {
  hashRefreshToken,
  isRefreshTokenShaped,
  newRefreshToken,
  successorOf,
} from './refresh-token-codec.js';

describe('refresh tokens', () => {
  const secret = randomBytes(32);

  it('are opaque random strings, never JWTs', () => {
    const token = newRefreshToken();
    expect(isRefreshTokenShaped(token)).toBe(true);
    expect(token.split('.')).toHaveLength(1);
    expect(newRefreshToken()).not.toBe(token);
  });

  it('derive the same successor from the same token and secret', () => {
    const token = newRefreshToken();
    expect(successorOf(token, secret)).toBe(successorOf(token, secret));
    expect(isRefreshTokenShaped(successorOf(token, secret))).toBe(true);
  });

  it('derive a different successor under another secret', () => {
    const token = newRefreshToken();
    expect(successorOf(token, randomBytes(32))).not.toBe(successorOf(token, secret));
  });

  it('are stored as a SHA-256 hash', () => {
    expect(hashRefreshToken('rt_x')).toMatch(/^[0-9a-f]{64}$/);
  });
});
