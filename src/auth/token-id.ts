import { randomBytes } from 'node:crypto';

const UUID_V7 = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

/**
 * An RFC 9562 UUIDv7 for a token's `jti`: its first 48 bits are the issue time in milliseconds,
 * which `iat` (whole seconds) is too coarse to compare with the time of a change.
 */
export function newTokenId(issuedAtMs: number): string {
  const bytes = randomBytes(16);
  bytes.writeUIntBE(issuedAtMs, 0, 6);
  bytes[6] = (bytes[6] & 0x0f) | 0x70;
  bytes[8] = (bytes[8] & 0x3f) | 0x80;
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** The issue time in milliseconds that a UUIDv7 `jti` carries; `undefined` for any other id. */
export function issuedAtMsOf(tokenId: string): number | undefined {
  if (!UUID_V7.test(tokenId)) return undefined;
  return Number.parseInt(tokenId.slice(0, 8) + tokenId.slice(9, 13), 16);
}
