import { IsBoolean, IsOptional, IsString } from 'class-validator';
import { readNodeEnv } from './app.config.js';
import { EnvBoolean, EnvString } from './env-decorators.js';
import { validateEnv } from './validate-env.js';

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

/** The users the seed migration creates, as the environment describes them. */
export function seedUsersFromEnv(): SeedUser[] {
  const env = validateEnv(SeedEnv);
  const users: SeedUser[] = [];
  if (env.SEED_ADMIN_PASSWORD) {
    users.push({
      username: env.SEED_ADMIN_USERNAME,
      password: env.SEED_ADMIN_PASSWORD,
      roles: ['admin'],
      name: 'Administrator',
    });
  }
  const demoUsers = env.SEED_DEMO_USERS ?? readNodeEnv() !== 'production';
  if (demoUsers && env.SEED_DEMO_PASSWORD) {
    const password = env.SEED_DEMO_PASSWORD;
    users.push(...DEMO_USERS.map((user) => ({ ...user, password, roles: ['user'] })));
  }
  return users;
}
