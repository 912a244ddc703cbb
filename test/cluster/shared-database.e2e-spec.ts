import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Api, api, expectJson, expectProblem, strongPassword } from '../support/api.js';
import { CLI_MAIN, assertBuilt, exitWithin, startNode } from '../support/child-process.js';
import { untilTrue } from '../support/eventually.js';
import { createTemporaryDatabase, type TemporaryDatabase } from '../support/postgres.js';
import { reportFigure } from '../support/report.js';
import { createTestApp, type TestApp } from '../support/test-app.js';

/** The contract's bound without Redis is 5 s; this only catches a change that never arrives. */
const LIMIT_MS = 15_000;

/** Two test apps, A and B, on one new PostgreSQL database and no Redis, for a describe block. */
function useTwoInstances(): { a: Api; b: Api } {
  let database: TemporaryDatabase | undefined;
  let apps: TestApp[] = [];

  beforeAll(async () => {
    database = await createTemporaryDatabase();
    const url = database.url;
    apps = await Promise.all([1, 2].map(() => createTestApp({ DATABASE_URL: url })));
  });

  afterAll(async () => {
    await Promise.all(apps.map((app) => app.close()));
    await database?.drop();
  });

  return { a: api(() => apps[0].server), b: api(() => apps[1].server) };
}

/** Two instances on one PostgreSQL database and no Redis: the change feed is all they share. */
describe('two instances sharing only a PostgreSQL database', () => {
  const { a, b } = useTwoInstances();

  async function refusedOnB(accessToken: string): Promise<boolean> {
    const response = await b.get('/api/users/me', accessToken);
    if (response.status === 200) return false;
    expectProblem(response, 401, 'token_revoked');
    return true;
  }

  it('refuses on B an access token logged out on A, and reports how long that took', async () => {
    const { tokens } = await a.register();
    expectJson(await b.get('/api/users/me', tokens.access_token), 200);

    expect((await a.send('post', '/api/auth/logout', tokens.access_token)).status).toBe(204);

    const ms = await untilTrue(() => refusedOnB(tokens.access_token), LIMIT_MS, 'logout on B');
    reportFigure(`logout on A refused on B after ${Math.round(ms)} ms (database only)`);
  });

  it('refuses on B a token issued before a role change made on A', async () => {
    const admin = await a.loginAsAdmin();
    const { tokens } = await a.register();
    expectJson(await b.get('/api/users/me', tokens.access_token), 200);

    const changed = await a.send('patch', `/api/users/${tokens.user.id}`, admin.access_token, {
      roles: ['user', 'admin'],
    });
    expectJson(changed, 200);

    await untilTrue(() => refusedOnB(tokens.access_token), LIMIT_MS, 'role change on B');
  });
});

describe('the last-admin rule across two instances on one PostgreSQL database', () => {
  const { a, b } = useTwoInstances();

  it('lets only one of two admins on two instances disabling each other succeed', async () => {
    const seeded = await a.loginAsAdmin();
    const second = { username: 'second_admin', password: strongPassword() };
    const created = await a.send('post', '/api/users', seeded.access_token, {
      ...second,
      roles: ['admin'],
    });
    expectJson(created, 201);
    const secondToken = (await b.login(second.username, second.password)).tokens.access_token;

    const answers = await Promise.all([
      a.send('patch', `/api/users/${created.body.id}`, seeded.access_token, { disabled: true }),
      b.send('patch', `/api/users/${seeded.user.id}`, secondToken, { disabled: true }),
    ]);

    expect(answers.map((answer) => answer.status).sort()).toEqual([200, 409]);
  });
});

describe('the operator CLI and a running instance on one PostgreSQL database', () => {
  let database: TemporaryDatabase;
  let testApp: TestApp;
  let client: Api;
  let dir: string;

  beforeAll(async () => {
    assertBuilt(CLI_MAIN);
    dir = mkdtempSync(join(tmpdir(), 'auth-cluster-cli-'));
    database = await createTemporaryDatabase();
    testApp = await createTestApp({ DATABASE_URL: database.url });
    client = api(testApp.server);
  }, 120_000);

  afterAll(async () => {
    await testApp?.close();
    await database?.drop();
    rmSync(dir, { recursive: true, force: true });
  });

  async function cli(args: string[]): Promise<void> {
    const env = { ...process.env, DATABASE_URL: database.url };
    const run = startNode(CLI_MAIN, args, { cwd: dir, env });
    expect((await exitWithin(run, 30_000)).code).toBe(0);
  }

  async function refused(accessToken: string): Promise<boolean> {
    return (await client.get('/api/users/me', accessToken)).status === 401;
  }

  it('refuses an access token whose sessions the CLI revoked', async () => {
    const { tokens } = await client.register();
    await cli(['sessions:revoke', '--user', tokens.user.username]);
    await untilTrue(() => refused(tokens.access_token), LIMIT_MS, 'sessions:revoke');
  });

  it('refuses the access token of a user the CLI disabled', async () => {
    const { tokens } = await client.register();
    expectJson(await client.get('/api/users/me', tokens.access_token), 200);
    await cli(['user:disable', '--username', tokens.user.username]);
    await untilTrue(() => refused(tokens.access_token), LIMIT_MS, 'user:disable');
  });
});
