import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { JwtConfig } from '../config/jwt.config.js';
import { ConfigurationError } from '../config/validate-env.js';
import { SigningKeys } from './signing-keys.js';

/** Where a development or test secret is kept, so that a restart does not log everyone out. */
export const GENERATED_SECRET_FILE = 'data/jwt-secret';

function readKeyFile(variable: string, path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    throw new ConfigurationError(`${variable} names a file that cannot be read`);
  }
}

function generatedSecret(): string {
  if (!existsSync(GENERATED_SECRET_FILE)) {
    mkdirSync(dirname(GENERATED_SECRET_FILE), { recursive: true });
    try {
      const secret = randomBytes(48).toString('base64url');
      writeFileSync(GENERATED_SECRET_FILE, secret, { mode: 0o600, flag: 'wx' });
    } catch (error) {
      // Another process created it first: use theirs.
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
  }
  return readFileSync(GENERATED_SECRET_FILE, 'utf8').trim();
}

/** Production never gets here without a secret: the JWT configuration refuses to start. */
export function loadSigningKeys(config: JwtConfig): SigningKeys {
  if (config.algorithm === 'HS256') {
    return SigningKeys.symmetric(config.secret ?? generatedSecret(), config.previousSecret);
  }
  const privatePem = readKeyFile('JWT_PRIVATE_KEY_FILE', config.privateKeyFile as string);
  const publicPem = readKeyFile('JWT_PUBLIC_KEY_FILE', config.publicKeyFile as string);
  const previousPem = config.previousPublicKeyFile
    ? readKeyFile('JWT_PREVIOUS_PUBLIC_KEY_FILE', config.previousPublicKeyFile)
    : undefined;
  try {
    return SigningKeys.asymmetric(config.algorithm, privatePem, publicPem, previousPem);
  } catch {
    throw new ConfigurationError(
      `JWT_PRIVATE_KEY_FILE, JWT_PUBLIC_KEY_FILE or JWT_PREVIOUS_PUBLIC_KEY_FILE is not a PEM key for ${config.algorithm}`,
    );
  }
}
