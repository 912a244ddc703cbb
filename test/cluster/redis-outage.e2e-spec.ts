import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Api, api, expectJson, expectProblem } from '../support/api.js';
import { assertBuilt, exitWithin, SERVICE_MAIN, startNode } from '../support/child-process.js';
import { untilTrue } from '../support/eventually.js';
import { createTemporaryDatabase, type TemporaryDatabase } from '../support/postgres.js';
import { freePort } from '../support/ports.js';
import { type RedisServer, startRedisServer, uniqueRedisPrefix } from '../support/redis-server.js';
import { reportFigure } from '../support/report.js';
import { createTestApp, type TestApp } from '../support/test-app.js';

/** Far above the contract's 5 s through the database: only a change that never comes fails. */
const LIMIT_MS = 15_000;
const LOGIN_LIMIT = 3;

describe('Redis lost while two instances run on one PostgreSQL database', () => {
  let redis: RedisServer;
  let database: TemporaryDatabase;
  let apps: TestApp[] = [];
  let a: Api;
  let b: Api;

  beforeAll(async () => {
    redis = await startRedisServer();
    database = await createTemporaryDatabase();
    const env = {
      DATABASE_URL: database.url,
      REDIS_URL: redis.url,
      REDIS_KEY_PREFIX: uniqueRedisPrefix(),
      THROTTLE_LOGIN_LIMIT: String(LOGIN_LIMIT),
    };
    apps = await Promise.all([1, 2].map(() => createTestApp(env)));
    [a, b] = apps.map((app) => api(app.server));
    await redis.stop();
  });

  afterAll(async () => {
    await Promise.all(apps.map((app) => app.close()));
    await database?.drop();
    await redis?.stop();
  });

  it('answers /health with 503 service_unavailable naming redis', async () => {
    const response = await a.get('/health');
    expectProblem(response, 503, 'service_unavailable');
    expect(response.body.detail).toMatch(/redis/);
    expect(response.body.detail).not.toMatch(/database/);
  });

  it('still refuses on B an access token logged out on A, through the database, and reports how long that took', async () => {
    const { tokens } = await a.register();
    expectJson(await b.get('/api/users/me', tokens.access_token), 200);

    expect((await a.send('post', '/api/auth/logout', tokens.access_token)).status).toBe(204);

    const ms = await untilTrue(
      async () => (await b.get('/api/users/me', tokens.access_token)).status === 401,
      LIMIT_MS,
      'logout on B without Redis',
    );
    reportFigure(`with Redis down, logout on A refused on B after ${Math.round(ms)} ms`);
  });

  it("falls back to each instance's own login counters", async () => {
    const { body } = await a.register();
    const statuses: number[] = [];
    for (let attempt = 0; attempt <= LOGIN_LIMIT; attempt++) {
      statuses.push((await a.login(body.username, 'wrong-password-123')).response.status);
    }
    expect(statuses).toEqual([...Array<number>(LOGIN_LIMIT).fill(401), 429]);
  });

  it('reconnects by itself once Redis is back: /health answers 200 again', async () => {
    await redis.start();
    await untilTrue(async () => (await a.get('/health')).status === 200, LIMIT_MS, 'reconnect');
    const response = await a.get('/health');
    expect(response.body.info).toMatchObject({ redis: { status: 'up' } });
  });
});

describe('REDIS_URL set but no Redis answering at start-up', () => {
  let dir: string;

  beforeAll(() => {
    assertBuilt(SERVICE_MAIN);
    dir = mkdtempSync(join(tmpdir(), 'auth-redis-start-'));
  }, 120_000);

  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('exits 1 with a message naming REDIS_URL, and not its value', async () => {
    const port = await freePort();
    const url = `redis://:not-for-logs@127.0.0.1:${port}`;
    const service = startNode(SERVICE_MAIN, [], {
      cwd: dir,
      env: {
        NODE_ENV: 'test',
        PORT: '0',
        DATABASE_URL: 'sqlite::memory:',
        JWT_SECRET: process.env.JWT_SECRET,
        BCRYPT_COST: '4',
        SEED_DEMO_USERS: 'false',
        REDIS_URL: url,
      },
    });

    const { code } = await exitWithin(service, 30_000);

    const output = service.stdout() + service.stderr();
    expect(code).toBe(1);
    expect(output).toMatch(/REDIS_URL/);
    expect(output).not.toContain('not-for-logs');
    expect(output).not.toContain(String(port));
  });
});
