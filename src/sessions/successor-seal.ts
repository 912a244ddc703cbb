import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';

const CIPHER = 'aes-256-gcm';
const IV_BYTES = 12;
const TAG_BYTES = 16;

/**
 * The key a rotated refresh token seals its successor under: derived from the token itself, so
 * that only a holder of that token can open the seal, and no server key is involved: rotating
 * the signing keys changes nothing. The database keeps only the token's SHA-256, from which this
 * key cannot be derived.
 */
function sealKey(token: string): Buffer {
  return Buffer.from(hkdfSync('sha256', token, '', 'refresh-token-successor', 32));
}

/** `successor` encrypted (AES-256-GCM) under a key derived from `token`, as base64url. */
export function sealSuccessor(token: string, successor: string): string {
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv(CIPHER, sealKey(token), iv);
  const sealed = Buffer.concat([cipher.update(successor, 'utf8'), cipher.final()]);
  return Buffer.concat([iv, sealed, cipher.getAuthTag()]).toString('base64url');
}

/** The successor sealed by `sealSuccessor(token, …)`; `undefined` for any other token or seal. */
export function openSuccessor(token: string, seal: string): string | undefined {
  const bytes = Buffer.from(seal, 'base64url');
  if (bytes.length <= IV_BYTES + TAG_BYTES) return undefined;
  const decipher = createDecipheriv(CIPHER, sealKey(token), bytes.subarray(0, IV_BYTES));
  decipher.setAuthTag(bytes.subarray(bytes.length - TAG_BYTES));
  try {
    const opened = decipher.update(bytes.subarray(IV_BYTES, bytes.length - TAG_BYTES));
    return Buffer.concat([opened, decipher.final()]).toString('utf8');
  } catch {
    return undefined;
  }
}
