import { randomUUID } from 'node:crypto';
import { issuedAtMsOf, newTokenId } from './token-id.js';

describe('token ids', () => {
  it('are UUIDv7 strings', () => {
    expect(newTokenId(Date.now())).toMatch(
      /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
    );
  });

  it('carry their issue time to the millisecond', () => {
    const issuedAt = Date.UTC(2026, 11, 2, 10, 30, 15, 123);
    expect(issuedAtMsOf(newTokenId(issuedAt))).toBe(issuedAt);
  });

  it('differ when issued in the same millisecond', () => {
    const issuedAt = Date.now();
    expect(newTokenId(issuedAt)).not.toBe(newTokenId(issuedAt));
  });

  it('give no issue time for an id of another kind', () => {
    expect(issuedAtMsOf(randomUUID())).toBeUndefined();
    expect(issuedAtMsOf('not-a-uuid')).toBeUndefined();
  });
});
