import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { parseDatabaseUrl } from '../src/config/database.config.js';
import { dataSourceOptions, MIGRATIONS } from '../src/database/data-source.js';
import { withPasswordHasher } from '../src/users/hashing/password-hasher.js';
import { ADMIN, api, expectProblem } from './support/api.js';
import { createTestApp } from './support/test-app.js';

type Env = Record<string, string | undefined>;

const DEMO_PASSWORD = 'demo-password-for-e2e-3c7a91';
const TABLES = ['users', 'sessions', 'refresh_tokens', 'change_feed'];

const tempDirs: string[] = [];

afterAll(async () => {
  await Promise.all(tempDirs.map((dir) => rm(dir, { recursive: true, force: true })));
});

/** `sqlite:<file>` in a fresh temporary directory, removed after the file's tests. */
async function tempDatabaseUrl(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'auth-migrations-'));
  tempDirs.push(dir);
  return `sqlite:${join(dir, 'app.sqlite')}`;
}

/**
 * Opens the one DataSource of the service on `url`. The seed migration reads `SEED_*` and
 * `BCRYPT_COST` when it runs, so `env` stays applied until `use` is done.
 */
async function withDataSource<T>(
  url: string,
  env: Env,
  use: (dataSource: DataSource) => Promise<T>,
): Promise<T> {
  const previous = Object.fromEntries(Object.keys(env).map((key) => [key, process.env[key]]));
  setEnv(env);
  const target = parseDatabaseUrl(url);
  if (!target) throw new Error(`not a database URL: ${url}`);
  const dataSource = new DataSource(dataSourceOptions(target));
  await dataSource.initialize();
  try {
    return await use(dataSource);
  } finally {
    await dataSource.destroy();
    setEnv(previous);
  }
}

function setEnv(values: Env): void {
  for (const [key, value] of Object.entries(values)) {
    if (value === undefined) delete process.env[key];
    else process.env[key] = value;
  }
}

/** Starts the app on `env`, runs `use` with an API client, and always closes the app. */
async function withApp<T>(env: Env, use: (client: ReturnType<typeof api>) => Promise<T>) {
  const testApp = await createTestApp(env);
  try {
    return await use(api(testApp.server));
  } finally {
    await testApp.close();
  }
}

async function storedPasswordHash(url: string, username: string): Promise<string | undefined> {
  return withDataSource(url, {}, async (dataSource) => {
    const row = await dataSource
      .createQueryBuilder()
      .select('u.passwordHash', 'passwordHash')
      .from('users', 'u')
      .where('u.usernameKey = :key', { key: username.toLowerCase() })
      .getRawOne<{ passwordHash: string }>();
    return row?.passwordHash;
  });
}

async function countUsers(dataSource: DataSource, username?: string): Promise<number> {
  const query = dataSource.createQueryBuilder().select('COUNT(*)', 'count').from('users', 'u');
  if (username) query.where('u.usernameKey = :key', { key: username.toLowerCase() });
  return Number((await query.getRawOne<{ count: number | string }>())?.count);
}

async function hasColumn(dataSource: DataSource, table: string, column: string) {
  const queryRunner = dataSource.createQueryRunner();
  try {
    return await queryRunner.hasColumn(table, column);
  } finally {
    await queryRunner.release();
  }
}

async function existingTables(dataSource: DataSource): Promise<string[]> {
  const queryRunner = dataSource.createQueryRunner();
  try {
    const present: string[] = [];
    for (const table of TABLES) if (await queryRunner.hasTable(table)) present.push(table);
    return present;
  } finally {
    await queryRunner.release();
  }
}

/** Every table but TypeORM's `migrations` and SQLite's own. */
async function applicationTables(dataSource: DataSource): Promise<string[]> {
  const queryRunner = dataSource.createQueryRunner();
  try {
    const tables = await queryRunner.getTables();
    return tables
      .map((table) => table.name)
      .filter((name) => name !== 'migrations' && !name.startsWith('sqlite_'));
  } finally {
    await queryRunner.release();
  }
}

async function userIndexNames(dataSource: DataSource): Promise<string[]> {
  const queryRunner = dataSource.createQueryRunner();
  try {
    const table = await queryRunner.getTable('users');
    return (table?.indices ?? []).map((index) => index.name ?? '');
  } finally {
    await queryRunner.release();
  }
}

async function executedMigrations(dataSource: DataSource): Promise<number> {
  const row = await dataSource
    .createQueryBuilder()
    .select('COUNT(*)', 'count')
    .from('migrations', 'm')
    .getRawOne<{ count: number | string }>();
  return Number(row?.count);
}

describe('migrations and seeding', () => {
  it('seeds an admin who can log in', async () => {
    await withApp({}, async (client) => {
      const { response } = await client.login(ADMIN.username, ADMIN.password);
      expect(response.status).toBe(200);
      expect(response.body.user.roles).toEqual(['admin']);
    });
  });

  it('stores the seeded admin password as a bcrypt hash of cost BCRYPT_COST', async () => {
    const url = await tempDatabaseUrl();
    await withApp({ DATABASE_URL: url }, async () => undefined);
    const hash = await storedPasswordHash(url, ADMIN.username);
    expect(process.env.BCRYPT_COST).toBe('4');
    expect(hash).toMatch(/^\$2b\$04\$[./A-Za-z0-9]{53}$/);
  });

  it('stores a hash that verifies the seeded password, never the password itself', async () => {
    const url = await tempDatabaseUrl();
    await withApp({ DATABASE_URL: url }, async () => undefined);
    const hash = (await storedPasswordHash(url, ADMIN.username)) ?? '';
    expect(hash).not.toContain(ADMIN.password);
    await withPasswordHasher(async (passwords) => {
      expect(await passwords.verify(ADMIN.password, hash)).toBe(true);
      expect(await passwords.verify(`${ADMIN.password}x`, hash)).toBe(false);
    });
  });

  it('seeds alice and bob with SEED_DEMO_PASSWORD when SEED_DEMO_USERS=true', async () => {
    await withApp(
      { SEED_DEMO_USERS: 'true', SEED_DEMO_PASSWORD: DEMO_PASSWORD },
      async (client) => {
        for (const username of ['alice', 'bob']) {
          const { response } = await client.login(username, DEMO_PASSWORD);
          expect(response.status).toBe(200);
          expect(response.body.user).toMatchObject({ username, roles: ['user'] });
        }
      },
    );
  });

  it('seeds no demo users when SEED_DEMO_USERS=false', async () => {
    await withApp(
      { SEED_DEMO_USERS: 'false', SEED_DEMO_PASSWORD: DEMO_PASSWORD },
      async (client) => {
        const { response } = await client.login('alice', DEMO_PASSWORD);
        expectProblem(response, 401, 'invalid_credentials');
      },
    );
  });

  it('seeds no admin without SEED_ADMIN_PASSWORD', async () => {
    const url = await tempDatabaseUrl();
    await withApp({ DATABASE_URL: url, SEED_ADMIN_PASSWORD: undefined }, async (client) => {
      const { response } = await client.login(ADMIN.username, ADMIN.password);
      expectProblem(response, 401, 'invalid_credentials');
    });
    const users = await withDataSource(url, {}, (dataSource) => countUsers(dataSource));
    expect(users).toBe(0);
  });

  it('undoes the migrations one by one, each down removing what its up added', async () => {
    const url = await tempDatabaseUrl();
    await withDataSource(url, {}, async (dataSource) => {
      await dataSource.runMigrations({ transaction: 'each' });
      expect(await countUsers(dataSource, ADMIN.username)).toBe(1);
      expect(await hasColumn(dataSource, 'users', 'rolesChangedAt')).toBe(true);
      expect(await hasColumn(dataSource, 'refresh_tokens', 'sealedSuccessor')).toBe(true);
      expect(await userIndexNames(dataSource)).toContain('IDX_users_enabled_admins');
      expect(await existingTables(dataSource)).toEqual(TABLES);

      await dataSource.undoLastMigration({ transaction: 'each' });
      expect(await userIndexNames(dataSource)).not.toContain('IDX_users_enabled_admins');
      expect(await existingTables(dataSource)).toEqual(TABLES);

      await dataSource.undoLastMigration({ transaction: 'each' });
      expect(await existingTables(dataSource)).toEqual(TABLES.slice(0, 3));
      expect(await hasColumn(dataSource, 'refresh_tokens', 'sealedSuccessor')).toBe(true);

      await dataSource.undoLastMigration({ transaction: 'each' });
      expect(await hasColumn(dataSource, 'refresh_tokens', 'sealedSuccessor')).toBe(false);
      expect(await hasColumn(dataSource, 'users', 'rolesChangedAt')).toBe(true);

      await dataSource.undoLastMigration({ transaction: 'each' });
      expect(await hasColumn(dataSource, 'users', 'rolesChangedAt')).toBe(false);
      expect(await countUsers(dataSource, ADMIN.username)).toBe(1);

      await dataSource.undoLastMigration({ transaction: 'each' });
      expect(await existingTables(dataSource)).toEqual(TABLES.slice(0, 3));
      expect(await countUsers(dataSource, ADMIN.username)).toBe(0);

      await dataSource.undoLastMigration({ transaction: 'each' });
      expect(await existingTables(dataSource)).toEqual(['users']);

      await dataSource.undoLastMigration({ transaction: 'each' });
      expect(await existingTables(dataSource)).toEqual([]);
    });
  });

  it('leaves no table but migrations after undoing every migration', async () => {
    const url = await tempDatabaseUrl();
    await withDataSource(url, {}, async (dataSource) => {
      const ran = await dataSource.runMigrations({ transaction: 'each' });
      expect(ran).toHaveLength(MIGRATIONS.length);
      for (let step = 0; step < MIGRATIONS.length; step++) await dataSource.undoLastMigration();
      expect(await executedMigrations(dataSource)).toBe(0);
      expect(await existingTables(dataSource)).toEqual([]);
      expect(await applicationTables(dataSource)).toEqual([]);
    });
  });

  it('runs the migrations up again after undoing them all, and the admin logs in', async () => {
    const url = await tempDatabaseUrl();
    await withDataSource(url, {}, async (dataSource) => {
      await dataSource.runMigrations();
      for (let step = 0; step < MIGRATIONS.length; step++) await dataSource.undoLastMigration();
      const ran = await dataSource.runMigrations();
      expect(ran).toHaveLength(MIGRATIONS.length);
      expect(await existingTables(dataSource)).toEqual(TABLES);
    });
    await withApp({ DATABASE_URL: url }, async (client) => {
      const { response } = await client.login(ADMIN.username, ADMIN.password);
      expect(response.status).toBe(200);
    });
  });

  it('builds DataSource options with synchronize off for every database kind', () => {
    for (const url of ['sqlite::memory:', 'postgres://auth@localhost:5432/auth']) {
      const target = parseDatabaseUrl(url);
      if (!target) throw new Error(`not a database URL: ${url}`);
      expect(dataSourceOptions(target).synchronize).toBe(false);
    }
  });

  it('runs the app with synchronize off, its schema built by migrations', async () => {
    const testApp = await createTestApp();
    try {
      const dataSource = testApp.app.get(DataSource);
      expect(dataSource.options.synchronize).toBe(false);
      expect(await dataSource.showMigrations()).toBe(false);
    } finally {
      await testApp.close();
    }
  });
});
