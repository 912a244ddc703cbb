import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { rmSync } from 'node:fs';
import { availableParallelism, cpus } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { bulkUsername } from '../scripts/bulk-users.js';
import { hashPassword, verifyPassword } from '../src/users/password.js';
import { encodeCursor } from '../src/users/user-cursor.js';
import { createDatabase, type DatabaseKind, postgresReachable, tempDir } from './databases.js';
import { load, loadClientName, type LoadSpec } from './load-client.js';
import { printReport, type Row, type ScaleRun } from './report.js';
import { type ServerProcess, serverUsage, startServer, stopServer } from './server-process.js';

/**
 * The service's speed on loopback, each server in its own process (production mode), loaded by
 * wrk (autocannon when wrk is missing): a raw node:http baseline, the hot paths, a login burst
 * with `/me` measured beside it, and the admin routes at 1,000 and at BENCH_USERS users, on
 * SQLite and PostgreSQL. `--quick`: 10,000 users, 2 s phases, no warm-up.
 */
const quick = process.argv.includes('--quick');
const DURATION = Number(process.env.BENCH_DURATION ?? (quick ? 2 : 5));
const WARM_UP = quick ? 0 : 1;
const SMALL = 1000;
const LARGE = Number(process.env.BENCH_USERS ?? (quick ? 10_000 : 1_000_000));
const WANTED: DatabaseKind[] = (process.env.BENCH_DATABASES ?? 'sqlite,postgres')
  .split(',')
  .map((kind) => kind.trim() as DatabaseKind);
/** The cost of the burst's logins (the admin's hash); bulk users' hashes are cost 4. */
const BURST_COST = 12;
const BULK_COST = 4;

const here = new URL('.', import.meta.url).pathname;
const dir = tempDir();
const adminPassword = `bench-admin-${randomBytes(9).toString('base64url')}`;
const bulkPassword = `bench-bulk-${randomBytes(9).toString('base64url')}`;
const serverEnv = (url: string): NodeJS.ProcessEnv => ({
  PATH: process.env.PATH,
  NODE_ENV: 'production',
  DATABASE_URL: url,
  JWT_SECRET: randomBytes(32).toString('base64url'),
  BCRYPT_COST: String(BURST_COST),
});

const log = (line: string) => process.stderr.write(`${line}\n`);

async function seed(url: string, users: number): Promise<void> {
  const started = performance.now();
  await promisify(execFile)(
    process.execPath,
    [
      join(here, '../scripts/seed-bulk.js'),
      `--users=${users}`,
      `--sessions=${users / 10}`,
      `--cost=${BULK_COST}`,
    ],
    {
      cwd: dir,
      env: {
        ...serverEnv(url),
        SEED_ADMIN_USERNAME: 'bench',
        SEED_ADMIN_PASSWORD: adminPassword,
        SEED_DEMO_USERS: 'false',
        SEED_BULK_PASSWORD: bulkPassword,
      },
    },
  );
  log(`  seeded ${users} users in ${((performance.now() - started) / 1000).toFixed(1)} s`);
}

async function call<T>(port: number, path: string, init: RequestInit = {}): Promise<T> {
  const response = await fetch(`http://127.0.0.1:${port}${path}`, {
    ...init,
    headers: { 'content-type': 'application/json', ...init.headers },
  });
  if (!response.ok) throw new Error(`${init.method ?? 'GET'} ${path}: ${response.status}`);
  return (await response.json()) as T;
}

function login(port: number, username: string, password: string) {
  return call<{ access_token: string; refresh_token: string }>(port, '/api/auth/login', {
    method: 'POST',
    body: JSON.stringify({ username, password }),
  });
}

const loginBody = (username: string, password: string) => JSON.stringify({ username, password });

/** One measured phase: optional warm-up, then the load, with the server's CPU time around it. */
async function measure(
  server: ServerProcess,
  context: Pick<Row, 'database' | 'users'>,
  phase: string,
  spec: Omit<LoadSpec, 'durationSeconds'>,
  warmUp = WARM_UP > 0,
): Promise<Row> {
  if (warmUp) await load({ ...spec, durationSeconds: WARM_UP });
  const before = await serverUsage(server);
  const result = await load({ ...spec, durationSeconds: DURATION });
  const after = await serverUsage(server);
  log(`  ${phase}: ${Math.round(result.requestsPerSecond)} req/s`);
  const connections = spec.refreshTokens?.length ?? spec.connections;
  const cpuUsPerRequest = (after.cpuUs - before.cpuUs) / Math.max(result.requests, 1);
  return { ...context, phase, connections, result, cpuUsPerRequest };
}

/** Single-thread bcryptjs compares per second at the burst's cost, in this process. */
async function bcryptRate(): Promise<number> {
  const hash = await hashPassword('bench-password', BURST_COST);
  const rounds = quick ? 3 : 6;
  const started = performance.now();
  for (let round = 0; round < rounds; round++) await verifyPassword('bench-password', hash);
  return rounds / ((performance.now() - started) / 1000);
}

async function runDatabase(kind: DatabaseKind, rows: Row[], scale: ScaleRun[]): Promise<void> {
  const database = await createDatabase(kind, dir);
  const raw = await startServer('raw-server.js', { PATH: process.env.PATH }, dir);
  try {
    const rawContext = { database: kind, users: 0 };
    rows.push(
      await measure(raw, rawContext, 'raw node:http', { url: rawUrl(raw), connections: 50 }),
    );
    for (const users of [SMALL, LARGE]) {
      log(`${kind}, ${users} users`);
      await seed(database.url, users);
      const server = await startServer('app-server.js', serverEnv(database.url), dir);
      try {
        const context = { database: kind, users };
        const url = (path: string) => `http://127.0.0.1:${server.port}${path}`;
        const admin = `Bearer ${(await login(server.port, 'bench', adminPassword)).access_token}`;
        const user = `Bearer ${(await login(server.port, bulkUsername(0), bulkPassword)).access_token}`;
        const me = { url: url('/api/users/me'), authorization: user };
        const phases: Row[] = [];
        if (users === SMALL) {
          phases.push(
            await measure(server, context, 'GET /.well-known/jwks.json (public)', {
              url: url('/.well-known/jwks.json'),
              connections: 50,
            }),
            await measure(server, context, 'GET /api/bench/claims (JWT guard only)', {
              url: url('/api/bench/claims'),
              authorization: user,
              connections: 50,
            }),
            await measure(server, context, 'GET /api/users/me', { ...me, connections: 50 }),
          );
          const sessions = await Promise.all(
            [0, 1, 2, 3].map(() => login(server.port, bulkUsername(0), bulkPassword)),
          );
          phases.push(
            await measure(
              server,
              context,
              'POST /api/auth/refresh',
              {
                url: url('/api/auth/refresh'),
                method: 'POST',
                connections: sessions.length,
                refreshTokens: sessions.map((session) => session.refresh_token),
              },
              false,
            ),
          );
        }
        phases.push(
          await measure(server, context, 'GET /api/users/me (10)', { ...me, connections: 10 }),
        );
        phases.push(
          await measure(server, context, 'GET /api/users?cursor= (deep page)', {
            url: url(`/api/users?cursor=${encodeCursor(bulkUsername(Math.floor(users * 0.9)))}`),
            authorization: admin,
            connections: 10,
          }),
          await measure(server, context, 'GET /api/users?q= (prefix, 10 hits)', {
            url: url(`/api/users?q=${bulkUsername(Math.floor(users / 2)).slice(0, -1)}`),
            authorization: admin,
            connections: 10,
          }),
          await measure(server, context, `POST /api/auth/login (cost ${BULK_COST})`, {
            url: url('/api/auth/login'),
            method: 'POST',
            bodies: [loginBody(bulkUsername(2), bulkPassword)],
            connections: 8,
          }),
        );
        const target = await call<{ items: Array<{ id: string }> }>(
          server.port,
          `/api/users?q=${bulkUsername(1)}`,
          { headers: { authorization: admin } },
        );
        phases.push(
          await measure(server, context, 'PATCH /api/users/:id roles (admin ⇄ user)', {
            url: url(`/api/users/${target.items[0].id}`),
            method: 'PATCH',
            authorization: admin,
            bodies: ['{"roles":["admin"]}', '{"roles":["user"]}'],
            connections: 1,
          }),
        );
        if (users === SMALL) phases.push(...(await loginBurst(server, context, url, me)));
        rows.push(...phases);
        scale.push({
          database: kind,
          users,
          startMs: server.startMs,
          rssBytes: (await serverUsage(server)).rssBytes,
        });
      } finally {
        await stopServer(server);
      }
    }
  } finally {
    await stopServer(raw);
    await database.drop();
  }
}

function rawUrl(raw: ServerProcess): string {
  return `http://127.0.0.1:${raw.port}/`;
}

/** Logins alone, `/me` alone, then both at once: what a burst of logins does to everyone else. */
async function loginBurst(
  server: ServerProcess,
  context: Pick<Row, 'database' | 'users'>,
  url: (path: string) => string,
  me: { url: string; authorization: string },
): Promise<Row[]> {
  const logins = {
    url: url('/api/auth/login'),
    method: 'POST' as const,
    bodies: [loginBody('bench', adminPassword)],
    connections: 8,
  };
  const alone = await measure(
    server,
    context,
    `POST /api/auth/login (cost ${BURST_COST}) alone`,
    logins,
    false,
  );
  const meAlone = await measure(server, context, 'GET /api/users/me (10) alone', {
    ...me,
    connections: 10,
  });
  const [burst, meDuring] = await Promise.all([
    load({ ...logins, durationSeconds: DURATION }),
    load({ ...me, connections: 10, durationSeconds: DURATION }),
  ]);
  return [
    alone,
    meAlone,
    {
      ...context,
      phase: `POST /api/auth/login (cost ${BURST_COST}) in the burst`,
      connections: 8,
      result: burst,
    },
    {
      ...context,
      phase: 'GET /api/users/me (10) during the burst',
      connections: 10,
      result: meDuring,
    },
  ];
}

const started = performance.now();
const databases: DatabaseKind[] = [];
for (const kind of WANTED) {
  if (kind === 'postgres' && !(await postgresReachable())) {
    log('PostgreSQL is not reachable (BENCH_POSTGRES_URL): its runs are left out');
  } else databases.push(kind);
}
try {
  log(`load client: ${loadClientName}; bcryptjs single-thread rate at cost ${BURST_COST}…`);
  const bcryptPerSecond = await bcryptRate();
  const rows: Row[] = [];
  const scale: ScaleRun[] = [];
  for (const kind of databases) await runDatabase(kind, rows, scale);
  printReport({
    date: new Date().toISOString().slice(0, 10),
    client: loadClientName,
    machine: `${availableParallelism()} cores (${cpus()[0]?.model ?? 'unknown'}), Node ${process.version}`,
    durationSeconds: DURATION,
    quick,
    bcryptPerSecond,
    burstCost: BURST_COST,
    small: SMALL,
    large: LARGE,
    rows,
    scale,
    totalSeconds: (performance.now() - started) / 1000,
  });
} finally {
  rmSync(dir, { recursive: true, force: true });
}
