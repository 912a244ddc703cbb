import { mkdtempSync, rmSync } from 'node:fs';
import type { Response } from 'supertest';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ADMIN, type Api, api, expectJson, expectProblem, strongPassword } from '../support/api.js';
import {
  assertBuilt,
  kill,
  listeningUrl,
  type NodeProcess,
  SERVICE_MAIN,
  startNode,
} from '../support/child-process.js';
import { untilTrue } from '../support/eventually.js';
import {
  createTemporaryDatabase,
  postgresReachable,
  type TemporaryDatabase,
} from '../support/postgres.js';
import { redisReachable, TEST_REDIS_URL, uniqueRedisPrefix } from '../support/redis-server.js';
import { reportFigure } from '../support/report.js';

const LOGIN_LIMIT = 5;
const REUSE_INTERVAL_SECONDS = 1;
/** The contract's bound with Redis is 100 ms; this limit only catches what never arrives. */
const LIMIT_MS = 15_000;

const missing = [
  ...((await postgresReachable()) ? [] : ['PostgreSQL (TEST_DATABASE_URL)']),
  ...((await redisReachable(TEST_REDIS_URL)) ? [] : [`Redis (TEST_REDIS_URL)`]),
];
if (missing.length > 0) {
  const reason = `several instances: skipped, ${missing.join(' and ')} cannot be reached`;
  // CI always has both: there a skip would hide a failure.
  if (process.env.CI) throw new Error(reason);
  reportFigure(reason);
}

/**
 * The built service, twice (and a third time later), on one PostgreSQL database and one Redis:
 * every request may land on either, as behind a load balancer.
 */
describe.skipIf(missing.length > 0)('several instances of the built service', () => {
  let dir: string;
  let database: TemporaryDatabase;
  const processes: NodeProcess[] = [];
  let env: Record<string, string | undefined>;
  let a: Api;
  let b: Api;

  async function startInstance(): Promise<Api> {
    const service = startNode(SERVICE_MAIN, [], { cwd: dir, env });
    processes.push(service);
    return api(await listeningUrl(service));
  }

  beforeAll(async () => {
    assertBuilt(SERVICE_MAIN);
    dir = mkdtempSync(join(tmpdir(), 'auth-instances-'));
    database = await createTemporaryDatabase();
    env = {
      NODE_ENV: 'test',
      PORT: '0',
      DATABASE_URL: database.url,
      REDIS_URL: TEST_REDIS_URL,
      REDIS_KEY_PREFIX: uniqueRedisPrefix(),
      JWT_SECRET: process.env.JWT_SECRET,
      JWT_REFRESH_REUSE_INTERVAL: String(REUSE_INTERVAL_SECONDS),
      BCRYPT_COST: '4',
      SEED_ADMIN_USERNAME: ADMIN.username,
      SEED_ADMIN_PASSWORD: ADMIN.password,
      SEED_DEMO_USERS: 'false',
      THROTTLE_LOGIN_LIMIT: String(LOGIN_LIMIT),
    };
    [a, b] = await Promise.all([startInstance(), startInstance()]);
  }, 120_000);

  afterAll(async () => {
    await Promise.all(processes.map((service) => kill(service)));
    await database?.drop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  /** Polls `client` until it refuses `accessToken`; prints and returns how long that took. */
  async function refusedAfter(client: Api, accessToken: string, what: string): Promise<number> {
    const ms = await untilTrue(
      async () => (await client.get('/api/users/me', accessToken)).status === 401,
      LIMIT_MS,
      what,
    );
    reportFigure(`${what}: refused on B after ${ms.toFixed(1)} ms`);
    return ms;
  }

  async function newUser(): Promise<{ username: string; password: string; id: string }> {
    const { response, body } = await a.register();
    expectJson(response, 201);
    return { username: body.username, password: body.password, id: response.body.user.id };
  }

  async function loginOn(client: Api, username: string, password: string) {
    const { response, tokens } = await client.login(username, password);
    expectJson(response, 200);
    return tokens;
  }

  it('logs in on B a user registered on A', async () => {
    const user = await newUser();
    await loginOn(b, user.username, user.password);
  });

  it('answers a rotated refresh token sent to A after the reuse interval with refresh_token_reused, and the session is dead on both', async () => {
    const user = await newUser();
    const first = await loginOn(a, user.username, user.password);
    const rotated = await b.refresh(first.refresh_token);
    expectJson(rotated, 200);

    // Within the interval the old token answers with the same successor; past it, reuse.
    let reuse: Response | undefined;
    await untilTrue(
      async () => {
        const answer = await a.refresh(first.refresh_token);
        if (answer.status === 200) return false;
        reuse = answer;
        return true;
      },
      LIMIT_MS,
      'reuse interval',
    );
    expectProblem(reuse as Response, 401, 'refresh_token_reused');
    expectProblem(await a.refresh(first.refresh_token), 401, 'token_revoked');
    for (const client of [a, b]) {
      expectProblem(await client.refresh(rotated.body.refresh_token), 401, 'token_revoked');
    }
    await refusedAfter(b, rotated.body.access_token, 'refresh token reuse on A');
    expectProblem(await a.get('/api/users/me', rotated.body.access_token), 401, 'token_revoked');
  });

  it('answers the same refresh token sent to A and B at once with one successor', async () => {
    const user = await newUser();
    const tokens = await loginOn(a, user.username, user.password);

    const answers = await Promise.all([
      a.refresh(tokens.refresh_token),
      b.refresh(tokens.refresh_token),
    ]);

    for (const answer of answers) expectJson(answer, 200);
    expect(new Set(answers.map((answer) => answer.body.refresh_token)).size).toBe(1);
  });

  it('refuses on B an access token logged out on A', async () => {
    const user = await newUser();
    const tokens = await loginOn(a, user.username, user.password);
    expectJson(await b.get('/api/users/me', tokens.access_token), 200);

    expect((await a.send('post', '/api/auth/logout', tokens.access_token)).status).toBe(204);

    await refusedAfter(b, tokens.access_token, 'logout on A');
  });

  it('refuses on B every access token of a user who logged out everywhere on A', async () => {
    const user = await newUser();
    const one = await loginOn(a, user.username, user.password);
    const other = await loginOn(b, user.username, user.password);
    expectJson(await b.get('/api/users/me', other.access_token), 200);

    expect((await a.send('post', '/api/auth/logout-all', one.access_token)).status).toBe(204);

    await refusedAfter(b, other.access_token, 'logout-all on A');
  });

  it("refuses on B the user's other sessions after a password change on A", async () => {
    const user = await newUser();
    const current = await loginOn(a, user.username, user.password);
    const other = await loginOn(b, user.username, user.password);
    expectJson(await b.get('/api/users/me', other.access_token), 200);

    const changed = await a.send('post', '/api/auth/change-password', current.access_token, {
      currentPassword: user.password,
      newPassword: strongPassword(),
    });
    expect(changed.status).toBe(204);

    await refusedAfter(b, other.access_token, 'password change on A');
    expectJson(await b.get('/api/users/me', current.access_token), 200);
  });

  it('refuses on B the access token of a user an admin disabled on A', async () => {
    const admin = await loginOn(a, ADMIN.username, ADMIN.password);
    const user = await newUser();
    const tokens = await loginOn(b, user.username, user.password);
    expectJson(await b.get('/api/users/me', tokens.access_token), 200);

    const disabled = await a.send('patch', `/api/users/${user.id}`, admin.access_token, {
      disabled: true,
    });
    expectJson(disabled, 200);

    await refusedAfter(b, tokens.access_token, 'disable on A');
  });

  it('reflects on B a role change made on A: the old token is refused, a refresh has the new roles', async () => {
    const admin = await loginOn(a, ADMIN.username, ADMIN.password);
    const user = await newUser();
    const tokens = await loginOn(b, user.username, user.password);
    expectJson(await b.get('/api/users/me', tokens.access_token), 200);

    const changed = await a.send('patch', `/api/users/${user.id}`, admin.access_token, {
      roles: ['user', 'admin'],
    });
    expectJson(changed, 200);

    await refusedAfter(b, tokens.access_token, 'role change on A');
    const refreshed = await b.refresh(tokens.refresh_token);
    expectJson(refreshed, 200);
    expect([...refreshed.body.user.roles].sort()).toEqual(['admin', 'user']);
  });

  it('has a third instance, started after a logout, refuse the old access token', async () => {
    const user = await newUser();
    const tokens = await loginOn(a, user.username, user.password);
    expect((await a.send('post', '/api/auth/logout', tokens.access_token)).status).toBe(204);

    const c = await startInstance();

    expectProblem(await c.get('/api/users/me', tokens.access_token), 401, 'token_revoked');
  });

  it('counts failed logins spread over A and B together', async () => {
    const user = await newUser();
    const statuses: number[] = [];
    for (let attempt = 0; attempt < LOGIN_LIMIT + 1; attempt++) {
      const client = attempt % 2 === 0 ? a : b;
      statuses.push((await client.login(user.username, 'wrong-password-123')).response.status);
    }
    expect(statuses).toEqual([...Array<number>(LOGIN_LIMIT).fill(401), 429]);
  });

  it('counts register attempts for one username spread over A and B together', async () => {
    const username = `shared_${Date.now().toString(36)}`;
    const statuses: number[] = [];
    for (let attempt = 0; attempt < LOGIN_LIMIT + 1; attempt++) {
      const client = attempt % 2 === 0 ? a : b;
      statuses.push((await client.register({ username })).response.status);
    }
    expect(statuses).toEqual([201, ...Array<number>(LOGIN_LIMIT - 1).fill(409), 429]);
  });

  it('lets no more than THROTTLE_LOGIN_LIMIT of 20 wrong passwords sent at once over both through', async () => {
    const user = await newUser();

    const answers = await Promise.all(
      Array.from({ length: 20 }, (_, index) =>
        (index % 2 === 0 ? a : b).login(user.username, 'wrong-password-123'),
      ),
    );

    const statuses = answers.map(({ response }) => response.status);
    expect(statuses.filter((status) => status === 401).length).toBeLessThanOrEqual(LOGIN_LIMIT);
    expect(statuses.filter((status) => status !== 401 && status !== 429)).toEqual([]);
  });
});
