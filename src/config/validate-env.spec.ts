import { availableParallelism } from 'node:os';
import { databaseConfig } from './database.config.js';
import { hashingConfig } from './hashing.config.js';
import { jwtConfig } from './jwt.config.js';
import { ConfigurationError } from './validate-env.js';

function withEnv<T>(env: Record<string, string | undefined>, read: () => T): T {
  const previous = Object.fromEntries(Object.keys(env).map((key) => [key, process.env[key]]));
  const apply = (values: Record<string, string | undefined>) => {
    for (const [key, value] of Object.entries(values)) {
      if (value === undefined) delete process.env[key];
      else process.env[key] = value;
    }
  };
  apply(env);
  try {
    return read();
  } finally {
    apply(previous);
  }
}

describe('configuration', () => {
  it('applies the contract defaults', () => {
    const config = withEnv({ JWT_ACCESS_TTL: undefined, JWT_REFRESH_TTL: undefined }, () =>
      jwtConfig(),
    );
    expect(config).toMatchObject({
      algorithm: 'HS256',
      accessTtlSeconds: 900,
      refreshTtlSeconds: 1_209_600,
      sessionMaxAgeSeconds: 2_592_000,
      issuer: 'auth-service',
      audience: 'auth-service',
      clockSkewSeconds: 30,
      refreshReuseIntervalSeconds: 10,
    });
  });

  it('names the variable at fault but never its value', () => {
    const read = () => withEnv({ JWT_ACCESS_TTL: 'forever-and-ever' }, () => jwtConfig());
    expect(read).toThrow(ConfigurationError);
    expect(read).toThrow(/JWT_ACCESS_TTL/);
    expect(read).not.toThrow(/forever-and-ever/);
  });

  it('refuses a production JWT_SECRET shorter than 32 bytes without showing it', () => {
    const read = () =>
      withEnv({ NODE_ENV: 'production', JWT_SECRET: 'short-secret' }, () => jwtConfig());
    expect(read).toThrow(/JWT_SECRET must be at least 32 bytes/);
    expect(read).not.toThrow(/short-secret/);
  });

  it('refuses a production JWT_SECRET that is a well-known example', () => {
    const read = () =>
      withEnv(
        { NODE_ENV: 'production', JWT_SECRET: 'a-string-secret-at-least-256-bits-long' },
        () => jwtConfig(),
      );
    expect(read).toThrow(/JWT_SECRET is a well-known example value/);
  });

  it('requires JWT_SECRET in production', () => {
    const read = () =>
      withEnv({ NODE_ENV: 'production', JWT_SECRET: undefined }, () => jwtConfig());
    expect(read).toThrow(/JWT_SECRET is required in production/);
  });

  it('reads sqlite and postgres database URLs and refuses others', () => {
    expect(withEnv({ DATABASE_URL: 'sqlite::memory:' }, () => databaseConfig())).toEqual({
      type: 'sqlite',
      database: ':memory:',
    });
    expect(withEnv({ DATABASE_URL: 'postgres://db/app' }, () => databaseConfig())).toEqual({
      type: 'postgres',
      url: 'postgres://db/app',
    });
    expect(() => withEnv({ DATABASE_URL: 'mysql://db/app' }, () => databaseConfig())).toThrow(
      /DATABASE_URL/,
    );
  });

  it('runs one hashing thread per core and lets 32 hash jobs wait by default', () => {
    const config = withEnv({ HASH_WORKERS: undefined, HASH_QUEUE_LIMIT: undefined }, () =>
      hashingConfig(),
    );
    expect(config).toEqual({ threads: availableParallelism(), queueLimit: 32 });
  });

  it('refuses a HASH_WORKERS or HASH_QUEUE_LIMIT that is not a positive whole number', () => {
    for (const [variable, value] of [
      ['HASH_WORKERS', '0'],
      ['HASH_WORKERS', 'all'],
      ['HASH_QUEUE_LIMIT', '-1'],
      ['HASH_QUEUE_LIMIT', '2.5'],
    ]) {
      expect(() => withEnv({ [variable]: value }, () => hashingConfig())).toThrow(
        new RegExp(`${variable} must be`),
      );
    }
  });
});
