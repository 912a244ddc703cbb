import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { strongPassword, type TokenResponse, uniqueUsername } from './support/api.js';
import {
  assertBuilt,
  exitWithin,
  kill,
  listeningUrl,
  type NodeProcess,
  SERVICE_MAIN,
  startNode,
} from './support/child-process.js';
import { freePort } from './support/ports.js';
import { eventLine, logLines, requestLine } from './support/service-log.js';

const ADMIN_PASSWORD = strongPassword();
const THROTTLE_LOGIN_LIMIT = 3;

/** The built service as deployed: production mode, JSON lines on standard output. */
function startService(env: Record<string, string> = {}): { service: NodeProcess; dir: string } {
  const dir = mkdtempSync(join(tmpdir(), 'auth-logs-'));
  const service = startNode(SERVICE_MAIN, [], {
    cwd: dir,
    env: {
      NODE_ENV: 'production',
      PORT: '0',
      DATABASE_URL: 'sqlite::memory:',
      JWT_SECRET: randomBytes(48).toString('base64url'),
      SEED_ADMIN_USERNAME: 'admin',
      SEED_ADMIN_PASSWORD: ADMIN_PASSWORD,
      BCRYPT_COST: '4',
      HASH_WORKERS: '1',
      TRUST_PROXY: '1',
      THROTTLE_LOGIN_LIMIT: String(THROTTLE_LOGIN_LIMIT),
      ...env,
    },
  });
  return { service, dir };
}

/** A client of its own: its address (through the trusted proxy) and fresh request ids. */
function client(url: string) {
  const ip = `203.0.113.${Math.floor(Math.random() * 250) + 1}`;
  const send = async (
    method: string,
    path: string,
    options: { body?: unknown; token?: string; headers?: Record<string, string> } = {},
  ) => {
    const requestId = `test-${randomUUID()}`;
    const response = await fetch(`${url}${path}`, {
      method,
      headers: {
        'x-request-id': requestId,
        'x-forwarded-for': ip,
        ...(options.body === undefined ? {} : { 'content-type': 'application/json' }),
        ...(options.token ? { authorization: `Bearer ${options.token}` } : {}),
        ...options.headers,
      },
      body:
        options.body === undefined
          ? undefined
          : typeof options.body === 'string'
            ? options.body
            : JSON.stringify(options.body),
    });
    const text = await response.text();
    return {
      requestId,
      status: response.status,
      body: text ? (JSON.parse(text) as unknown) : null,
    };
  };
  const tokens = async (path: string, body: unknown) => {
    const answer = await send('POST', path, { body });
    return { ...answer, tokens: answer.body as TokenResponse };
  };
  return {
    ip,
    send,
    register: (username = uniqueUsername(), password = strongPassword()) =>
      tokens('/api/auth/register', { username, password }),
    login: (username: string, password: string) =>
      tokens('/api/auth/login', { username, password }),
  };
}

describe('logs', () => {
  let service: NodeProcess;
  let dir: string;
  let url: string;
  let admin: TokenResponse;

  beforeAll(async () => {
    assertBuilt(SERVICE_MAIN);
    ({ service, dir } = startService());
    url = await listeningUrl(service);
    admin = (await client(url).login('admin', ADMIN_PASSWORD)).tokens;
  }, 120_000);

  afterAll(async () => {
    await kill(service);
    rmSync(dir, { recursive: true, force: true });
  });

  describe('request lines', () => {
    it('writes one line per request with its id, method, route pattern, status, duration, caller and address', async () => {
      const alice = client(url);
      const { tokens } = await alice.register();
      const { requestId } = await alice.send('GET', `/api/users/${tokens.user.id}`, {
        token: tokens.access_token,
      });

      const line = await requestLine(service, requestId);
      expect(line).toMatchObject({
        level: 'info',
        requestId,
        method: 'GET',
        route: '/api/users/:id',
        status: 403,
        userId: tokens.user.id,
        ip: alice.ip,
      });
      expect(line.durationMs).toEqual(expect.any(Number));
      expect(logLines(service).filter((other) => other.requestId === requestId)).toHaveLength(1);
    });

    it('names no route and no URL for a path that has none', async () => {
      const { requestId } = await client(url).send(
        'GET',
        '/no/such/path?access_token=secret-value',
      );

      const line = await requestLine(service, requestId);
      expect(line).toMatchObject({ status: 404, route: null });
      expect(JSON.stringify(line)).not.toContain('secret-value');
    });

    it('gives a request without a usable X-Request-Id the id its response carries', async () => {
      const response = await fetch(`${url}/health`, { headers: { 'x-request-id': 'bad id!' } });
      const requestId = response.headers.get('x-request-id') ?? '';

      expect(requestId).not.toBe('bad id!');
      expect(await requestLine(service, requestId)).toMatchObject({ route: '/health' });
    });
  });

  describe('secrets', () => {
    it('never logs a password, a hash, a token or a cookie across logins, refreshes, password changes and failures', async () => {
      const mallory = client(url);
      const username = uniqueUsername();
      const password = strongPassword();
      const newPassword = strongPassword();
      const cookie = `session-cookie-${randomBytes(8).toString('hex')}`;
      const registered = await mallory.register(username, password);
      const loggedIn = await mallory.login(username, password);
      const refreshed = await mallory.send('POST', '/api/auth/refresh', {
        body: { refresh_token: loggedIn.tokens.refresh_token },
        headers: { cookie: `refresh_token=${cookie}` },
      });
      const requests = [
        registered,
        loggedIn,
        refreshed,
        await mallory.send('POST', '/api/auth/change-password', {
          token: loggedIn.tokens.access_token,
          body: { currentPassword: `${password}-wrong`, newPassword },
        }),
        await mallory.send('POST', '/api/auth/change-password', {
          token: loggedIn.tokens.access_token,
          body: { currentPassword: password, newPassword },
        }),
        await mallory.send('GET', '/api/users/me', { token: `${loggedIn.tokens.access_token}x` }),
        await mallory.send('POST', '/api/auth/login', { body: { username, password: 42 } }),
        await mallory.send('POST', '/api/auth/login', { body: `{"password":"${password}"` }),
        ...(await Promise.all(
          Array.from({ length: THROTTLE_LOGIN_LIMIT + 1 }, () =>
            mallory.login(username, `${newPassword}-wrong`),
          ),
        )),
      ];
      expect(requests.map(({ status }) => status)).toEqual(
        expect.arrayContaining([201, 200, 204, 401, 400, 429]),
      );

      for (const { requestId } of requests) await requestLine(service, requestId);
      const output = service.stdout() + service.stderr();
      const refreshedTokens = refreshed.body as TokenResponse;
      for (const secret of [
        password,
        newPassword,
        ADMIN_PASSWORD,
        cookie,
        admin.access_token,
        registered.tokens.access_token,
        registered.tokens.refresh_token,
        loggedIn.tokens.access_token,
        loggedIn.tokens.refresh_token,
        refreshedTokens.access_token,
        refreshedTokens.refresh_token,
      ]) {
        expect(output).not.toContain(secret);
      }
      expect(output).not.toMatch(/\$2[aby]\$/);
      expect(output).not.toMatch(/Bearer /i);
    });
  });

  describe('auth events', () => {
    it('logs a failed login with the reason, the username as typed, the account and the client address', async () => {
      const eve = client(url);
      const { tokens } = await eve.register();
      const { requestId } = await eve.login(tokens.user.username.toUpperCase(), 'not-the-password');

      expect(await eventLine(service, requestId, 'login_failed')).toMatchObject({
        level: 'warn',
        reason: 'invalid_credentials',
        username: tokens.user.username.toUpperCase(),
        userId: tokens.user.id,
        ip: eve.ip,
      });
    });

    it('cuts the username of a failed login to 32 characters', async () => {
      const typed = 'x'.repeat(40);
      const { requestId } = await client(url).login(typed, 'not-the-password');

      const line = await eventLine(service, requestId, 'login_failed');
      expect(line).toMatchObject({ reason: 'invalid_credentials', username: typed.slice(0, 32) });
      expect(line).not.toHaveProperty('userId');
    });

    it('logs a login to a disabled account as failed with account_disabled', async () => {
      const victor = client(url);
      const password = strongPassword();
      const { tokens } = await victor.register(uniqueUsername(), password);
      await victor.send('PATCH', `/api/users/${tokens.user.id}`, {
        token: admin.access_token,
        body: { disabled: true },
      });
      const { requestId, status } = await victor.login(tokens.user.username, password);

      expect(status).toBe(401);
      expect(await eventLine(service, requestId, 'login_failed')).toMatchObject({
        reason: 'account_disabled',
        userId: tokens.user.id,
      });
    });

    it('logs a successful login with the user and the new session', async () => {
      const carol = client(url);
      const password = strongPassword();
      const { tokens } = await carol.register(uniqueUsername(), password);
      const { requestId } = await carol.login(tokens.user.username, password);

      expect(await eventLine(service, requestId, 'login_succeeded')).toMatchObject({
        level: 'info',
        userId: tokens.user.id,
        sessionId: expect.any(String),
        ip: carol.ip,
      });
    });

    it('logs a throttled login with the limit that refused it', async () => {
      const dave = client(url);
      const username = uniqueUsername();
      const attempts = await Promise.all(
        Array.from({ length: THROTTLE_LOGIN_LIMIT + 2 }, () => dave.login(username, 'wrong')),
      );
      const refused = attempts.filter(({ status }) => status === 429);

      expect(refused.length).toBeGreaterThan(0);
      expect(await eventLine(service, refused[0].requestId, 'throttled')).toMatchObject({
        level: 'warn',
        limit: 'login-address-username',
        username,
        ip: dave.ip,
      });
    });

    it('logs a reused refresh token with the user and the session it ended', async () => {
      const frank = client(url);
      const { tokens } = await frank.register();
      const rotate = () =>
        frank.send('POST', '/api/auth/refresh', { body: { refresh_token: tokens.refresh_token } });
      const first = await rotate();
      await frank.send('POST', '/api/auth/refresh', {
        body: { refresh_token: (first.body as TokenResponse).refresh_token },
      });
      const reused = await rotate();

      expect(reused.status).toBe(401);
      expect(await eventLine(service, reused.requestId, 'refresh_token_reused')).toMatchObject({
        level: 'warn',
        userId: tokens.user.id,
        sessionId: expect.any(String),
        ip: frank.ip,
      });
    });

    it('logs a logout with the session it ended', async () => {
      const grace = client(url);
      const { tokens } = await grace.register();
      const { requestId } = await grace.send('POST', '/api/auth/logout', {
        token: tokens.access_token,
      });

      expect(await eventLine(service, requestId, 'logout')).toMatchObject({
        userId: tokens.user.id,
        sessionId: expect.any(String),
      });
    });

    it('logs a logout from every session', async () => {
      const heidi = client(url);
      const { tokens } = await heidi.register();
      const { requestId } = await heidi.send('POST', '/api/auth/logout-all', {
        token: tokens.access_token,
      });

      expect(await eventLine(service, requestId, 'logout_all')).toMatchObject({
        userId: tokens.user.id,
      });
    });

    it('logs a session its user ended', async () => {
      const ivan = client(url);
      const password = strongPassword();
      const { tokens } = await ivan.register(uniqueUsername(), password);
      const other = await ivan.login(tokens.user.username, password);
      const sessionId = (
        JSON.parse(
          Buffer.from(other.tokens.access_token.split('.')[1], 'base64url').toString(),
        ) as { sid: string }
      ).sid;
      const { requestId } = await ivan.send('DELETE', `/api/auth/sessions/${sessionId}`, {
        token: tokens.access_token,
      });

      expect(await eventLine(service, requestId, 'session_revoked')).toMatchObject({
        userId: tokens.user.id,
        sessionId,
      });
    });

    it('logs a password change, and a wrong current password as a warning', async () => {
      const judy = client(url);
      const password = strongPassword();
      const { tokens } = await judy.register(uniqueUsername(), password);
      const change = (currentPassword: string) =>
        judy.send('POST', '/api/auth/change-password', {
          token: tokens.access_token,
          body: { currentPassword, newPassword: strongPassword() },
        });
      const wrong = await change(`${password}-wrong`);
      const right = await change(password);

      expect(
        await eventLine(service, wrong.requestId, 'password_confirmation_failed'),
      ).toMatchObject({ level: 'warn', userId: tokens.user.id });
      expect(await eventLine(service, right.requestId, 'password_changed')).toMatchObject({
        userId: tokens.user.id,
      });
    });

    it("logs an admin's creation, change, role change and deletion of a user with both ids", async () => {
      const ops = client(url);
      const created = await ops.send('POST', '/api/users', {
        token: admin.access_token,
        body: { username: uniqueUsername(), password: strongPassword() },
      });
      const targetUserId = (created.body as { id: string }).id;
      const promoted = await ops.send('PATCH', `/api/users/${targetUserId}`, {
        token: admin.access_token,
        body: { name: 'Promoted', roles: ['user', 'admin'] },
      });
      const deleted = await ops.send('DELETE', `/api/users/${targetUserId}`, {
        token: admin.access_token,
      });
      const byAdmin = { userId: admin.user.id, targetUserId, ip: ops.ip };

      expect(await eventLine(service, created.requestId, 'user_created')).toMatchObject(byAdmin);
      expect(await eventLine(service, promoted.requestId, 'user_updated')).toMatchObject({
        ...byAdmin,
        changes: ['name', 'roles'],
      });
      expect(await eventLine(service, promoted.requestId, 'roles_changed')).toMatchObject({
        ...byAdmin,
        roles: ['user', 'admin'],
      });
      expect(await eventLine(service, deleted.requestId, 'user_deleted')).toMatchObject(byAdmin);
    });
  });
});

async function waitUntilAnswering(url: string): Promise<void> {
  await expect
    .poll(
      () =>
        fetch(`${url}/health`).then(
          ({ status }) => status,
          () => 0,
        ),
      { timeout: 30_000 },
    )
    .toBe(200);
}

describe('log configuration', () => {
  const dirs: string[] = [];
  const started: NodeProcess[] = [];

  beforeAll(() => assertBuilt(SERVICE_MAIN));

  afterEach(async () => {
    for (const service of started.splice(0)) await kill(service);
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  });

  function start(env: Record<string, string>): NodeProcess {
    const { service, dir } = startService(env);
    started.push(service);
    dirs.push(dir);
    return service;
  }

  it('leaves request lines out at LOG_LEVEL=warn, and keeps warnings', async () => {
    const port = await freePort();
    const service = start({ LOG_LEVEL: 'warn', PORT: String(port) });
    const url = `http://127.0.0.1:${port}`;
    await waitUntilAnswering(url);
    const { requestId } = await client(url).login('nobody', 'wrong');

    await eventLine(service, requestId, 'login_failed');
    expect(logLines(service).filter(({ msg }) => msg === 'request completed')).toEqual([]);
  });

  it('refuses an unknown LOG_LEVEL at start-up, naming the variable', async () => {
    const service = start({ LOG_LEVEL: 'loud' });

    expect((await exitWithin(service, 20_000)).code).toBe(1);
    expect(service.stderr()).toContain('LOG_LEVEL must be one of');
  });

  it('prints readable lines, not JSON, in development', async () => {
    const service = start({ NODE_ENV: 'development' });
    const url = await listeningUrl(service);
    const response = await fetch(`${url}/health`);

    expect(response.status).toBe(200);
    await expect.poll(() => service.stdout(), { timeout: 10_000 }).toContain('request completed');
    expect(service.stdout()).not.toMatch(/^\{/m);
  });
});
