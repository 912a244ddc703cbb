import { IsBoolean, IsOptional, IsString } from 'class-validator';
import { passwordRefusal } from '../users/password-policy.js';
import { readNodeEnv } from './app.config.js';
import { EnvBoolean, EnvString } from './env-decorators.js';
import { ConfigurationError, validateEnv } from './validate-env.js';

class SeedEnv {
  @EnvString()
  @IsString()
  SEED_ADMIN_USERNAME = 'admin';

  @IsOptional()
  @IsString()
  SEED_ADMIN_PASSWORD?: string;

  @EnvBoolean()
  @IsOptional()
  @IsBoolean({ message: 'SEED_DEMO_USERS must be true or false' })
  SEED_DEMO_USERS?: boolean;

  @IsOptional()
  @IsString()
  SEED_DEMO_PASSWORD?: string;
}

export interface SeedUser {
  username: string;
  password: string;
  roles: string[];
  name: string;
}

/** Development accounts, all with `SEED_DEMO_PASSWORD`; the README lists them. */
export const DEMO_USERS = [
  { username: 'alice', name: 'Alice Liddell' },
  { username: 'bob', name: 'Bob Builder' },
] as const;

/**
 * The users the seed migration creates, as the environment describes them. In production a
 * seeded password must pass the password rules like any other: a weak one stops start-up.
 */
export function seedUsersFromEnv(): SeedUser[] {
  const env = validateEnv(SeedEnv);
  const production = readNodeEnv() === 'production';
  const users: SeedUser[] = [];
  if (env.SEED_ADMIN_PASSWORD) {
    const admin = { username: env.SEED_ADMIN_USERNAME, password: env.SEED_ADMIN_PASSWORD };
    if (production) assertSeedPassword('SEED_ADMIN_PASSWORD', [admin]);
    users.push({ ...admin, roles: ['admin'], name: 'Administrator' });
  }
  const demoUsers = env.SEED_DEMO_USERS ?? !production;
  if (demoUsers && env.SEED_DEMO_PASSWORD) {
    const password = env.SEED_DEMO_PASSWORD;
    const demo = DEMO_USERS.map((user) => ({ ...user, password, roles: ['user'] }));
    if (production) assertSeedPassword('SEED_DEMO_PASSWORD', demo);
    users.push(...demo);
  }
  return users;
}

/** Names the variable and the rule, never the value. */
function assertSeedPassword(
  variable: string,
  accounts: ReadonlyArray<{ username: string; password: string }>,
): void {
  for (const { username, password } of accounts) {
    const refusal = passwordRefusal(password, username);
    if (refusal) {
      throw new ConfigurationError(
        `Invalid configuration: ${variable} is refused by the password rules (${refusal})`,
      );
    }
  }
}
