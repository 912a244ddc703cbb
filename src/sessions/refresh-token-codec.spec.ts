import { hashRefreshToken, isRefreshTokenShaped, newRefreshToken } from './refresh-token-codec.js';

describe('refresh tokens', () => {
  it('are opaque random strings, never JWTs', () => {
    const token = newRefreshToken();
    expect(isRefreshTokenShaped(token)).toBe(true);
    expect(token.split('.')).toHaveLength(1);
    expect(newRefreshToken()).not.toBe(token);
  });

  it('are stored as a SHA-256 hash', () => {
    expect(hashRefreshToken('rt_x')).toMatch(/^[0-9a-f]{64}$/);
  });
});
