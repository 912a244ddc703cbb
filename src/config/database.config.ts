import { type ConfigType, registerAs } from '@nestjs/config';
import { ValidateBy } from 'class-validator';
import { EnvString } from './env-decorators.js';
import { validateEnv } from './validate-env.js';

export type DatabaseTarget =
  { type: 'sqlite'; database: string } | { type: 'postgres'; url: string };

/** `sqlite:<file>`, `sqlite::memory:` or `postgres://…` (also `postgresql://…`). */
export function parseDatabaseUrl(url: string): DatabaseTarget | undefined {
  if (url.startsWith('sqlite:')) {
    const database = url.slice('sqlite:'.length);
    return database ? { type: 'sqlite', database } : undefined;
  }
  if (/^postgres(ql)?:\/\/./.test(url)) return { type: 'postgres', url };
  return undefined;
}

class DatabaseEnv {
  @EnvString()
  @ValidateBy({
    name: 'isDatabaseUrl',
    validator: {
      validate: (value) => typeof value === 'string' && parseDatabaseUrl(value) !== undefined,
      defaultMessage: () =>
        'DATABASE_URL must be sqlite:<file>, sqlite::memory: or a postgres:// URL',
    },
  })
  DATABASE_URL = 'sqlite:data/app.sqlite';
}

export const databaseConfig = registerAs('database', () => {
  const env = validateEnv(DatabaseEnv);
  return parseDatabaseUrl(env.DATABASE_URL) as DatabaseTarget;
});

export type DatabaseConfig = ConfigType<typeof databaseConfig>;
