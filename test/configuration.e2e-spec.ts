import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { strongPassword, uniqueUsername } from './support/api.js';
import {
  assertBuilt,
  exitWithin,
  kill,
  listeningUrl,
  type NodeProcess,
  ROOT,
  SERVICE_MAIN,
  startNode,
} from './support/child-process.js';

const DATA_SOURCE = join(ROOT, 'dist', 'src', 'database', 'data-source.js');
const TYPEORM_CLI = join(ROOT, 'node_modules', 'typeorm', 'cli.js');
const EXIT_TIMEOUT_MS = 15_000;
const LISTEN_TIMEOUT_MS = 20_000;

const strongSecret = randomBytes(48).toString('base64url');

/** What a production deployment minimally sets; each refusal case spoils one variable. */
function productionEnv(overrides: Record<string, string | undefined> = {}) {
  return {
    PATH: process.env.PATH,
    NO_COLOR: '1',
    NODE_ENV: 'production',
    DATABASE_URL: 'sqlite::memory:',
    PORT: '0',
    JWT_SECRET: strongSecret,
    ...overrides,
  };
}

describe('start-up configuration', () => {
  const started: NodeProcess[] = [];
  const dirs: string[] = [];

  beforeAll(() => assertBuilt(SERVICE_MAIN));

  afterEach(async () => {
    for (const server of started.splice(0)) await kill(server);
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  });

  /** A fresh working directory, so that no `.env` is read and `data/` lands there. */
  function workDir(): string {
    const dir = mkdtempSync(join(tmpdir(), 'auth-config-'));
    dirs.push(dir);
    return dir;
  }

  function startServer(
    cwd: string,
    env: Record<string, string | undefined>,
    [file, ...args]: string[] = [SERVICE_MAIN],
  ): NodeProcess {
    const server = startNode(file, args, { cwd, env });
    started.push(server);
    return server;
  }

  const exitOf = (server: NodeProcess) => exitWithin(server, EXIT_TIMEOUT_MS);
  const listening = (server: NodeProcess) => listeningUrl(server, LISTEN_TIMEOUT_MS);

  async function stop(server: NodeProcess): Promise<void> {
    server.child.kill('SIGTERM');
    await exitOf(server);
  }

  /**
   * A working directory whose `.env` holds development values that are visible when read: a
   * seeded admin and demo users, closed registration, and a database file of its own.
   */
  function workDirWithDevelopmentEnvFile() {
    const dir = workDir();
    const adminPassword = strongPassword();
    const demoPassword = strongPassword();
    writeFileSync(
      join(dir, '.env'),
      [
        'NODE_ENV=development',
        'DATABASE_URL=sqlite:from-env-file.sqlite',
        `SEED_ADMIN_PASSWORD=${adminPassword}`,
        'SEED_DEMO_USERS=true',
        `SEED_DEMO_PASSWORD=${demoPassword}`,
        'REGISTRATION_ENABLED=false',
        '',
      ].join('\n'),
    );
    return { dir, adminPassword, demoPassword };
  }

  function post(url: string, path: string, body: unknown) {
    return fetch(`${url}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
  }

  it('logs no password, password hash or token while serving logins, refreshes and failures', async () => {
    const adminPassword = strongPassword();
    const server = startServer(
      workDir(),
      productionEnv({
        NODE_ENV: 'development',
        DATABASE_URL: 'sqlite:data/app.sqlite',
        SEED_ADMIN_PASSWORD: adminPassword,
        SEED_DEMO_USERS: 'false',
        BCRYPT_COST: '4',
      }),
    );
    const url = await listening(server);
    const post = (path: string, body: unknown, headers: Record<string, string> = {}) =>
      fetch(`${url}${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body: typeof body === 'string' ? body : JSON.stringify(body),
      });
    const username = uniqueUsername();
    const password = strongPassword();
    const registered = (await (
      await post('/api/auth/register', { username, password })
    ).json()) as {
      access_token: string;
      refresh_token: string;
    };
    const admin = (await (
      await post('/api/auth/login', { username: 'admin', password: adminPassword })
    ).json()) as { access_token: string };
    await post('/api/auth/login', { username, password: `${password}-wrong` });
    const refreshed = (await (
      await post('/api/auth/refresh', { refresh_token: registered.refresh_token })
    ).json()) as { refresh_token: string };
    await post('/api/auth/refresh', { refresh_token: registered.refresh_token });
    await post('/api/auth/login', `{"username":"${username}","password":"${password}"`);
    await fetch(`${url}/api/users/me`, {
      headers: { authorization: `Bearer ${admin.access_token}x` },
    });
    await stop(server);

    const output = server.output();
    expect(output).toContain('Listening on');
    for (const secret of [
      adminPassword,
      password,
      strongSecret,
      registered.access_token,
      registered.refresh_token,
      refreshed.refresh_token,
      admin.access_token,
    ]) {
      expect(output).not.toContain(secret);
    }
    expect(output).not.toMatch(/\$2[aby]\$\d\d\$/);
  });

  it('starts in production with a strong JWT_SECRET (the baseline the refusals spoil)', async () => {
    const server = startServer(workDir(), productionEnv());
    const url = await listening(server);
    const health = await fetch(`${url}/health`);
    expect(health.status).toBe(200);
    expect(server.output()).not.toContain(strongSecret);
  });

  it.each([
    ['refuses to start in production without JWT_SECRET', 'JWT_SECRET', undefined],
    [
      'refuses a JWT_SECRET shorter than 32 bytes',
      'JWT_SECRET',
      'Zq8-short-but-random-Xv2', // 24 bytes
    ],
    [
      'refuses a well-known example JWT_SECRET (the jwt.io one)',
      'JWT_SECRET',
      'a-string-secret-at-least-256-bits-long',
    ],
    [
      'refuses a JWT_SECRET that repeats one word to reach 32 bytes',
      'JWT_SECRET',
      'secretsecretsecretsecretsecretsecret',
    ],
    ['refuses PORT=abc', 'PORT', 'abc'],
    ['refuses JWT_ACCESS_TTL=forever', 'JWT_ACCESS_TTL', 'forever'],
    ['refuses DATABASE_URL=mysql://x', 'DATABASE_URL', 'mysql://x'],
  ])('%s, naming the variable but not its value', async (_rule, variable, value) => {
    const server = startServer(workDir(), productionEnv({ [variable]: value }));
    const { code, signal } = await exitOf(server);
    expect(signal).toBeNull();
    expect(code).not.toBe(0);
    const output = server.output();
    expect(output).toContain(variable);
    if (value !== undefined) expect(output).not.toContain(value);
    expect(output).not.toContain(strongSecret);
    expect(output).not.toMatch(/Listening on/);
  });

  it('reads .env outside production (the baseline the production case spoils)', async () => {
    const { dir, adminPassword } = workDirWithDevelopmentEnvFile();
    const server = startServer(dir, {
      PATH: process.env.PATH,
      NO_COLOR: '1',
      PORT: '0',
      BCRYPT_COST: '4',
    });
    const url = await listening(server);
    const admin = await post(url, '/api/auth/login', {
      username: 'admin',
      password: adminPassword,
    });
    expect(admin.status).toBe(200);
    expect(existsSync(join(dir, 'from-env-file.sqlite'))).toBe(true);
  });

  it('takes nothing from .env when the real environment says NODE_ENV=production', async () => {
    const { dir, adminPassword, demoPassword } = workDirWithDevelopmentEnvFile();
    const server = startServer(dir, productionEnv({ DATABASE_URL: undefined, BCRYPT_COST: '4' }));
    const url = await listening(server);
    const admin = await post(url, '/api/auth/login', {
      username: 'admin',
      password: adminPassword,
    });
    expect(admin.status).toBe(401);
    const demo = await post(url, '/api/auth/login', { username: 'alice', password: demoPassword });
    expect(demo.status).toBe(401);
    const registered = await post(url, '/api/auth/register', {
      username: uniqueUsername(),
      password: strongPassword(),
    });
    expect(registered.status).toBe(201);
    expect(existsSync(join(dir, 'from-env-file.sqlite'))).toBe(false);
    expect(existsSync(join(dir, 'data', 'app.sqlite'))).toBe(true);
  });

  it('takes nothing from .env in the TypeORM CLI when the real environment says NODE_ENV=production', async () => {
    const { dir } = workDirWithDevelopmentEnvFile();
    const cli = startServer(
      dir,
      { PATH: process.env.PATH, NO_COLOR: '1', NODE_ENV: 'production', BCRYPT_COST: '4' },
      [TYPEORM_CLI, 'migration:run', '-d', DATA_SOURCE],
    );
    const { code } = await exitOf(cli);
    expect(code, cli.output()).toBe(0);
    expect(existsSync(join(dir, 'from-env-file.sqlite'))).toBe(false);
    expect(existsSync(join(dir, 'data', 'app.sqlite'))).toBe(true);
  });

  it('seeds the admin in production from a SEED_ADMIN_PASSWORD that the password rules accept', async () => {
    const adminPassword = strongPassword();
    const server = startServer(
      workDir(),
      productionEnv({ SEED_ADMIN_PASSWORD: adminPassword, BCRYPT_COST: '4' }),
    );
    const url = await listening(server);
    const admin = await post(url, '/api/auth/login', {
      username: 'admin',
      password: adminPassword,
    });
    expect(admin.status).toBe(200);
  });

  it.each([
    ['shorter than 8 characters', { SEED_ADMIN_PASSWORD: 'Xq7-zv' }],
    ['longer than 256 characters', { SEED_ADMIN_PASSWORD: 'Xq7-zv'.repeat(43) }],
    ['on the list of commonly used passwords', { SEED_ADMIN_PASSWORD: 'iloveyou' }],
    [
      'equal to the username, ignoring case',
      { SEED_ADMIN_USERNAME: 'operator-main', SEED_ADMIN_PASSWORD: 'Operator-Main' },
    ],
  ])(
    'refuses to start in production with a SEED_ADMIN_PASSWORD %s, naming the variable but not its value',
    async (_rule, seed) => {
      const server = startServer(workDir(), productionEnv(seed));
      const { code, signal } = await exitOf(server);
      expect(signal).toBeNull();
      expect(code).not.toBe(0);
      const output = server.output();
      expect(output).toContain('SEED_ADMIN_PASSWORD');
      expect(output).not.toContain(seed.SEED_ADMIN_PASSWORD);
      expect(output).not.toMatch(/Listening on/);
    },
  );

  it('refuses to start in production when seeded demo users get a commonly used SEED_DEMO_PASSWORD', async () => {
    const server = startServer(
      workDir(),
      productionEnv({ SEED_DEMO_USERS: 'true', SEED_DEMO_PASSWORD: 'iloveyou' }),
    );
    const { code } = await exitOf(server);
    expect(code).not.toBe(0);
    expect(server.output()).toContain('SEED_DEMO_PASSWORD');
    expect(server.output()).not.toContain('iloveyou');
  });

  it.each(['development', 'test'])(
    'generates data/jwt-secret in its working directory when JWT_SECRET is unset (NODE_ENV=%s)',
    async (nodeEnv) => {
      const cwd = workDir();
      const server = startServer(cwd, {
        PATH: process.env.PATH,
        NO_COLOR: '1',
        NODE_ENV: nodeEnv,
        DATABASE_URL: 'sqlite::memory:',
        PORT: '0',
        SEED_DEMO_USERS: 'false',
      });
      await listening(server);
      const secret = readFileSync(join(cwd, 'data', 'jwt-secret'), 'utf8').trim();
      expect(Buffer.byteLength(secret)).toBeGreaterThanOrEqual(32);
      expect(server.output()).not.toContain(secret);
    },
  );

  it('keeps a token issued before a restart valid after it (generated secret kept in data/)', async () => {
    const cwd = workDir();
    const env = {
      PATH: process.env.PATH,
      NO_COLOR: '1',
      NODE_ENV: 'development',
      DATABASE_URL: 'sqlite:data/app.sqlite',
      PORT: '0',
      BCRYPT_COST: '4',
      SEED_DEMO_USERS: 'false',
    };

    const first = startServer(cwd, env);
    const firstUrl = await listening(first);
    const registered = await fetch(`${firstUrl}/api/auth/register`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ username: uniqueUsername(), password: strongPassword() }),
    });
    expect(registered.status).toBe(201);
    const { access_token: accessToken } = (await registered.json()) as { access_token: string };
    const secretBefore = readFileSync(join(cwd, 'data', 'jwt-secret'), 'utf8');
    await stop(first);

    const second = startServer(cwd, env);
    const secondUrl = await listening(second);
    const me = await fetch(`${secondUrl}/api/users/me`, {
      headers: { Authorization: `Bearer ${accessToken}` },
    });
    expect(me.status).toBe(200);
    expect(readFileSync(join(cwd, 'data', 'jwt-secret'), 'utf8')).toBe(secretBefore);
  }, 60_000);
});
