import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  api,
  type Api,
  expectNoSecrets,
  expectProblem,
  expectRefusedAccess,
  strongPassword,
  type TokenResponse,
} from './support/api.js';
import { createTestApp, useTestApp } from './support/test-app.js';
import { sessionIdOf } from './support/tokens.js';

interface SessionView {
  id: string;
  createdAt: string;
  lastUsedAt: string;
  expiresAt: string;
  userAgent: string | null;
  ip: string | null;
  current: boolean;
}

const ISO_UTC = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/;

/** Registers a user and logs them in once more: two sessions of one account. */
async function userWithTwoSessions(client: Api) {
  const { tokens: first, body } = await client.register();
  const { response, tokens: second } = await client.login(body.username, body.password);
  expect(response.status).toBe(200);
  return { credentials: body, first, second };
}

async function expectSessionWorks(client: Api, tokens: TokenResponse): Promise<void> {
  expect((await client.get('/api/users/me', tokens.access_token)).status).toBe(200);
  expect((await client.refresh(tokens.refresh_token)).status).toBe(200);
}

async function expectSessionRevoked(client: Api, tokens: TokenResponse): Promise<void> {
  expectRefusedAccess(await client.get('/api/users/me', tokens.access_token), 'token_revoked');
  expectProblem(await client.refresh(tokens.refresh_token), 401, 'token_revoked');
}

describe('logout and sessions', () => {
  const { client } = useTestApp();

  it("revokes the caller's session on logout: its access and refresh tokens answer token_revoked", async () => {
    const { first } = await userWithTwoSessions(client);
    const response = await client.send('post', '/api/auth/logout', first.access_token);
    expect(response.status).toBe(204);
    await expectSessionRevoked(client, first);
  });

  it("keeps the user's other session working after logout", async () => {
    const { first, second } = await userWithTwoSessions(client);
    expect((await client.send('post', '/api/auth/logout', first.access_token)).status).toBe(204);
    await expectSessionWorks(client, second);
  });

  it('revokes every session of the user on logout-all', async () => {
    const { first, second } = await userWithTwoSessions(client);
    const response = await client.send('post', '/api/auth/logout-all', second.access_token);
    expect(response.status).toBe(204);
    await expectSessionRevoked(client, first);
    await expectSessionRevoked(client, second);
  });

  it("leaves other users' sessions alone on logout-all", async () => {
    const { first } = await userWithTwoSessions(client);
    const { tokens: other } = await client.register();
    expect((await client.send('post', '/api/auth/logout-all', first.access_token)).status).toBe(
      204,
    );
    await expectSessionWorks(client, other);
  });

  it("lists the caller's live sessions with id, createdAt, lastUsedAt, expiresAt, userAgent and ip", async () => {
    const { body } = await client.register();
    const { tokens } = await client.login(body.username, body.password, {
      'User-Agent': 'sessions-e2e/1.0',
    });
    const response = await client.get('/api/auth/sessions', tokens.access_token);
    expect(response.status).toBe(200);
    expect(response.headers['content-type']).toMatch(/^application\/json/);
    expectNoSecrets(response);
    const sessions = response.body as SessionView[];
    expect(sessions).toHaveLength(2);
    const mine = sessions.find(({ id }) => id === sessionIdOf(tokens.access_token));
    expect(mine).toBeDefined();
    expect(Object.keys(mine as SessionView).sort()).toEqual(
      ['createdAt', 'current', 'expiresAt', 'id', 'ip', 'lastUsedAt', 'userAgent'].sort(),
    );
    expect(mine).toMatchObject({ userAgent: 'sessions-e2e/1.0' });
    expect(mine?.ip).toMatch(/127\.0\.0\.1|::1/);
    for (const field of ['createdAt', 'lastUsedAt', 'expiresAt'] as const) {
      expect(mine?.[field]).toMatch(ISO_UTC);
    }
    const { createdAt, lastUsedAt, expiresAt } = mine as SessionView;
    expect(Date.parse(lastUsedAt)).toBeGreaterThanOrEqual(Date.parse(createdAt));
    expect(Date.parse(expiresAt)).toBeGreaterThan(Date.parse(createdAt));
  });

  it('marks exactly the session of the calling token as current', async () => {
    const { first, second } = await userWithTwoSessions(client);
    const viaFirst = (await client.get('/api/auth/sessions', first.access_token))
      .body as SessionView[];
    const viaSecond = (await client.get('/api/auth/sessions', second.access_token))
      .body as SessionView[];
    expect(viaFirst.filter(({ current }) => current).map(({ id }) => id)).toEqual([
      sessionIdOf(first.access_token),
    ]);
    expect(viaSecond.filter(({ current }) => current).map(({ id }) => id)).toEqual([
      sessionIdOf(second.access_token),
    ]);
  });

  it("does not list other users' sessions", async () => {
    const { tokens: mine } = await client.register();
    const { tokens: theirs } = await client.register();
    const sessions = (await client.get('/api/auth/sessions', mine.access_token))
      .body as SessionView[];
    expect(sessions.map(({ id }) => id)).toEqual([sessionIdOf(mine.access_token)]);
    expect(sessions.map(({ id }) => id)).not.toContain(sessionIdOf(theirs.access_token));
  });

  it('does not list a logged-out session', async () => {
    const { first, second } = await userWithTwoSessions(client);
    expect((await client.send('post', '/api/auth/logout', first.access_token)).status).toBe(204);
    const sessions = (await client.get('/api/auth/sessions', second.access_token))
      .body as SessionView[];
    expect(sessions.map(({ id }) => id)).toEqual([sessionIdOf(second.access_token)]);
  });

  it("ends one of the caller's sessions on DELETE /api/auth/sessions/:id: its tokens answer token_revoked", async () => {
    const { first, second } = await userWithTwoSessions(client);
    const id = sessionIdOf(first.access_token);
    const response = await client.send('delete', `/api/auth/sessions/${id}`, second.access_token);
    expect(response.status).toBe(204);
    await expectSessionRevoked(client, first);
    await expectSessionWorks(client, second);
  });

  it("answers 404 not_found for deleting another user's session, and leaves it alone", async () => {
    const { tokens: mine } = await client.register();
    const { tokens: theirs } = await client.register();
    const id = sessionIdOf(theirs.access_token);
    const response = await client.send('delete', `/api/auth/sessions/${id}`, mine.access_token);
    expectProblem(response, 404, 'not_found');
    await expectSessionWorks(client, theirs);
  });

  it('answers 404 not_found for deleting an unknown session id', async () => {
    const { tokens } = await client.register();
    const response = await client.send(
      'delete',
      `/api/auth/sessions/${randomUUID()}`,
      tokens.access_token,
    );
    expectProblem(response, 404, 'not_found');
  });

  it('answers 404 not_found for deleting a session id that is not a UUID', async () => {
    const { tokens } = await client.register();
    const response = await client.send(
      'delete',
      '/api/auth/sessions/not-a-uuid',
      tokens.access_token,
    );
    expectProblem(response, 404, 'not_found');
  });
});

describe('change-password', () => {
  const { client } = useTestApp();

  function changePassword(accessToken: string, body: object) {
    return client.send('post', '/api/auth/change-password', accessToken, body);
  }

  it('refuses a wrong currentPassword with 401 invalid_credentials', async () => {
    const { tokens } = await client.register();
    const response = await changePassword(tokens.access_token, {
      currentPassword: strongPassword(),
      newPassword: strongPassword(),
    });
    expectProblem(response, 401, 'invalid_credentials');
  });

  it('refuses a newPassword shorter than 8 characters with 400 validation_failed', async () => {
    const { tokens, body } = await client.register();
    const response = await changePassword(tokens.access_token, {
      currentPassword: body.password,
      newPassword: 'short',
    });
    expectProblem(response, 400, 'validation_failed');
    expect(response.body.errors).toEqual(
      expect.arrayContaining([expect.objectContaining({ field: 'newPassword' })]),
    );
  });

  it('refuses a commonly used newPassword with 400 weak_password', async () => {
    const { tokens, body } = await client.register();
    const response = await changePassword(tokens.access_token, {
      currentPassword: body.password,
      newPassword: 'password123',
    });
    expectProblem(response, 400, 'weak_password');
  });

  it('changes the password: the old one no longer logs in, the new one does', async () => {
    const { tokens, body } = await client.register();
    const newPassword = strongPassword();
    const response = await changePassword(tokens.access_token, {
      currentPassword: body.password,
      newPassword,
    });
    expect(response.status).toBe(204);
    expectProblem(
      (await client.login(body.username, body.password)).response,
      401,
      'invalid_credentials',
    );
    expect((await client.login(body.username, newPassword)).response.status).toBe(200);
  });

  it("keeps the caller's session working after a password change", async () => {
    const { credentials, second } = await userWithTwoSessions(client);
    const response = await changePassword(second.access_token, {
      currentPassword: credentials.password,
      newPassword: strongPassword(),
    });
    expect(response.status).toBe(204);
    await expectSessionWorks(client, second);
  });

  it("revokes the user's other sessions on a password change", async () => {
    const { credentials, first, second } = await userWithTwoSessions(client);
    const response = await changePassword(second.access_token, {
      currentPassword: credentials.password,
      newPassword: strongPassword(),
    });
    expect(response.status).toBe(204);
    await expectSessionRevoked(client, first);
  });
});

describe('sessions across a restart', () => {
  let directory: string;

  beforeAll(async () => {
    directory = await mkdtemp(join(tmpdir(), 'sessions-e2e-'));
  });
  afterAll(() => rm(directory, { recursive: true, force: true }));

  it('keeps sessions and revocations when the app restarts on the same database', async () => {
    const env = { DATABASE_URL: `sqlite:${join(directory, 'restart.sqlite')}` };
    let testApp = await createTestApp(env);
    let kept: TokenResponse;
    let loggedOut: TokenResponse;
    try {
      const client = api(testApp.server);
      ({ first: loggedOut, second: kept } = await userWithTwoSessions(client));
      expect((await client.send('post', '/api/auth/logout', loggedOut.access_token)).status).toBe(
        204,
      );
    } finally {
      await testApp.close();
    }

    testApp = await createTestApp(env);
    try {
      const client = api(testApp.server);
      expectRefusedAccess(
        await client.get('/api/users/me', loggedOut.access_token),
        'token_revoked',
      );
      expect((await client.get('/api/users/me', kept.access_token)).status).toBe(200);
      const refreshed = await client.refresh(kept.refresh_token);
      expect(refreshed.status).toBe(200);
      expect((await client.get('/api/users/me', refreshed.body.access_token)).status).toBe(200);
    } finally {
      await testApp.close();
    }
  });
});
