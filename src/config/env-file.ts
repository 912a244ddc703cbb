import { existsSync } from 'node:fs';

/**
 * Fills the environment from `.env` (development defaults) without overriding what is already
 * set, so the real environment, a deployment's or a test's, always wins. A process whose real
 * environment says `NODE_ENV=production` reads nothing from it: the development passwords it
 * holds must never be seeded in production.
 */
export function loadEnvFile(path = '.env'): void {
  if (process.env.NODE_ENV === 'production') return;
  if (existsSync(path)) process.loadEnvFile(path);
}
