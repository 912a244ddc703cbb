import bcrypt from 'bcryptjs';
import { createHash, randomBytes } from 'node:crypto';

export const PASSWORD_MIN_LENGTH = 8;
export const PASSWORD_MAX_LENGTH = 256;

/**
 * bcrypt reads only 72 bytes and stops at a NUL, so every password is first reduced to its
 * SHA-256 digest in base64: 44 bytes, no NUL, and every character of the password counts.
 */
function preHash(password: string): string {
  return createHash('sha256').update(password.normalize('NFKC'), 'utf8').digest('base64');
}

export function hashPassword(password: string, cost: number): Promise<string> {
  return bcrypt.hash(preHash(password), cost);
}

export function verifyPassword(password: string, passwordHash: string): Promise<boolean> {
  return bcrypt.compare(preHash(password), passwordHash);
}

/** Code points, not UTF-16 units: an emoji is one character. */
export function passwordLength(password: string): number {
  return [...password].length;
}

/** A hash of nothing anyone knows, to compare against when a username does not exist. */
export function createDummyHash(cost: number): Promise<string> {
  return hashPassword(randomBytes(32).toString('base64'), cost);
}
