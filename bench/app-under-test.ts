import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { bulkUsername } from '../scripts/bulk-users.js';
import { type ServerProcess, startServer } from './server-process.js';
import { ADMIN_USERNAME, adminPassword, BULK_COST, BURST_COST, bulkPassword } from './settings.js';

/** A started service on its own database, with the tokens and ids the phases use. */
export interface AppUnderTest {
  users: number;
  server: ServerProcess;
  url: (path: string) => string;
  /** Authorization header values. */
  admin: string;
  user: string;
  /** A bulk user whose roles the role-change phase flips. */
  roleTargetId: string;
}

const here = new URL('.', import.meta.url).pathname;
const log = (line: string) => process.stderr.write(`${line}\n`);

/**
 * Production mode (request log at `info` included), a fresh secret, no `.env` (the processes run
 * in a directory without one). The login limits are lifted: every login of a phase comes from
 * one address, and concurrent attempts hold a throttle point while their password is checked, so
 * the default limits would answer 429 instead of measuring the login.
 */
function serverEnv(databaseUrl: string, bcryptCost: number, logLevel = 'info'): NodeJS.ProcessEnv {
  return {
    PATH: process.env.PATH,
    NODE_ENV: 'production',
    LOG_LEVEL: logLevel,
    DATABASE_URL: databaseUrl,
    JWT_SECRET: randomBytes(32).toString('base64url'),
    BCRYPT_COST: String(bcryptCost),
    THROTTLE_LOGIN_LIMIT: '1000000',
    THROTTLE_IP_LIMIT: '1000000',
  };
}

/** Migrations (with the admin, at BCRYPT_COST), then the bulk users and sessions. */
export async function seed(databaseUrl: string, users: number, cwd: string): Promise<void> {
  const started = performance.now();
  const script = join(here, '../scripts/seed-bulk.js');
  const args = [`--users=${users}`, `--sessions=${users / 10}`, `--cost=${BULK_COST}`];
  await promisify(execFile)(process.execPath, [script, ...args], {
    cwd,
    env: {
      ...serverEnv(databaseUrl, BURST_COST),
      SEED_ADMIN_USERNAME: ADMIN_USERNAME,
      SEED_ADMIN_PASSWORD: adminPassword,
      SEED_DEMO_USERS: 'false',
      SEED_BULK_PASSWORD: bulkPassword,
    },
  });
  log(`  seeded ${users} users in ${((performance.now() - started) / 1000).toFixed(1)} s`);
}

/**
 * The service on `databaseUrl` at `bcryptCost`: the bulk users' cost for the size comparison, the
 * burst's for the login burst (a login checks a hash of a lower cost with the work topped up to
 * the current one, so the cost of the server, not of the hash, sets what a login costs).
 * `logLevel` `warn` leaves the line per request out, to measure what that line costs.
 */
export async function startApp(
  databaseUrl: string,
  users: number,
  cwd: string,
  bcryptCost: number,
  logLevel?: string,
): Promise<AppUnderTest> {
  const env = serverEnv(databaseUrl, bcryptCost, logLevel);
  const server = await startServer('app-server.js', env, cwd);
  const admin = `Bearer ${(await login(server.port, ADMIN_USERNAME, adminPassword)).access_token}`;
  const user = `Bearer ${(await login(server.port, bulkUsername(0), bulkPassword)).access_token}`;
  const target = await call<{ items: Array<{ id: string }> }>(
    server.port,
    `/api/users?q=${bulkUsername(1)}`,
    { headers: { authorization: admin } },
  );
  return {
    users,
    server,
    url: (path) => `http://127.0.0.1:${server.port}${path}`,
    admin,
    user,
    roleTargetId: target.items[0].id,
  };
}

export function login(port: number, username: string, password: string) {
  return call<{ access_token: string; refresh_token: string }>(port, '/api/auth/login', {
    method: 'POST',
    body: loginBody(username, password),
  });
}

export function loginBody(username: string, password: string): string {
  return JSON.stringify({ username, password });
}

async function call<T>(port: number, path: string, init: RequestInit = {}): Promise<T> {
  const response = await fetch(`http://127.0.0.1:${port}${path}`, {
    ...init,
    headers: { 'content-type': 'application/json', ...init.headers },
  });
  if (!response.ok) throw new Error(`${init.method ?? 'GET'} ${path}: ${response.status}`);
  return (await response.json()) as T;
}
