import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { strongPassword, uniqueUsername } from './support/api.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const MAIN = join(ROOT, 'dist', 'src', 'main.js');
const EXIT_TIMEOUT_MS = 15_000;
const LISTEN_TIMEOUT_MS = 20_000;

interface Server {
  child: ChildProcess;
  output(): string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

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
  const started: Server[] = [];
  const dirs: string[] = [];

  beforeAll(() => {
    if (!existsSync(MAIN)) execFileSync('npx', ['nest', 'build'], { cwd: ROOT, stdio: 'ignore' });
  }, 120_000);

  afterEach(async () => {
    for (const server of started.splice(0)) {
      if (server.child.exitCode === null && server.child.signalCode === null) {
        server.child.kill('SIGKILL');
        await server.exited;
      }
    }
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  });

  /** A fresh working directory, so that no `.env` is read and `data/` lands there. */
  function workDir(): string {
    const dir = mkdtempSync(join(tmpdir(), 'auth-config-'));
    dirs.push(dir);
    return dir;
  }

  function startServer(cwd: string, env: Record<string, string | undefined>): Server {
    const definedEnv = Object.fromEntries(
      Object.entries(env).filter((entry): entry is [string, string] => entry[1] !== undefined),
    );
    const child = spawn(process.execPath, [MAIN], {
      cwd,
      env: definedEnv,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
    child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
    const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
      child.once('exit', (code, signal) => resolve({ code, signal })),
    );
    const server = { child, output: () => output, exited };
    started.push(server);
    return server;
  }

  async function exitOf(server: Server) {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () => reject(new Error(`still running after ${EXIT_TIMEOUT_MS} ms:\n${server.output()}`)),
        EXIT_TIMEOUT_MS,
      );
    });
    try {
      return await Promise.race([server.exited, timeout]);
    } finally {
      clearTimeout(timer);
    }
  }

  /** Resolves with the base URL from the 'Listening on' log line. */
  function listening(server: Server): Promise<string> {
    return new Promise((resolve, reject) => {
      const check = () => {
        const match = /Listening on (http:\/\/\S+)/.exec(server.output());
        if (match) {
          finish();
          resolve(match[1]);
        }
      };
      const timer = setTimeout(() => {
        finish();
        reject(new Error(`not listening after ${LISTEN_TIMEOUT_MS} ms:\n${server.output()}`));
      }, LISTEN_TIMEOUT_MS);
      const onExit = (code: number | null) => {
        finish();
        reject(new Error(`exited with ${code} before listening:\n${server.output()}`));
      };
      const finish = () => {
        clearTimeout(timer);
        server.child.stdout?.off('data', check);
        server.child.off('exit', onExit);
      };
      server.child.stdout?.on('data', check);
      server.child.once('exit', onExit);
      check();
    });
  }

  async function stop(server: Server): Promise<void> {
    server.child.kill('SIGTERM');
    await exitOf(server);
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
