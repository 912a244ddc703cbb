import { createHash } from 'node:crypto';

export const PASSWORD_MIN_LENGTH = 8;
export const PASSWORD_MAX_LENGTH = 256;

/**
 * What bcrypt is given instead of the password. bcrypt reads only 72 bytes and stops at a NUL, so
 * every password is first reduced to its SHA-256 digest in base64: 44 bytes, no NUL, and every
 * character of the password counts.
 */
export function preHashPassword(password: string): string {
  return createHash('sha256').update(password.normalize('NFKC'), 'utf8').digest('base64');
}

/** Code points, not UTF-16 units: an emoji is one character. */
export function passwordLength(password: string): number {
  return [...password].length;
}

/** The cost a bcrypt hash was made at (`$2b$12$…` → 12), if it is one. */
export function bcryptCost(hash: string): number | undefined {
  const match = /^\$2[abxy]\$(\d{2})\$/.exec(hash);
  return match ? Number(match[1]) : undefined;
}
