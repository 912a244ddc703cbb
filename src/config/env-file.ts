import { existsSync } from 'node:fs';

/**
 * Fills the environment from `.env` (development defaults) without overriding what is already
 * set, so the real environment, a deployment's or a test's, always wins.
 */
export function loadEnvFile(path = '.env'): void {
  if (existsSync(path)) process.loadEnvFile(path);
}
