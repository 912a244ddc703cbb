import type { Response } from 'supertest';
import {
  ADMIN,
  expectJson,
  expectNoSecrets,
  expectValidationError,
  expectProblem,
  strongPassword,
  uniqueUsername,
} from './support/api.js';
import { useTestApp } from './support/test-app.js';

type Context = ReturnType<typeof useTestApp>;

function expectTokenMissing(response: Response): void {
  expectProblem(response, 401, 'token_missing');
  expect(response.headers['www-authenticate']).toMatch(/^Bearer\b/);
  // RFC 6750 §3.1: no error code when the request carried no token at all.
  expect(response.headers['www-authenticate']).not.toMatch(/error=/);
}

const ISO_WITH_MILLISECONDS = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

/** A registered user of its own, with the fresh tokens of that register. */
async function registered({ client }: Context, overrides: Record<string, unknown> = {}) {
  const { response, body, tokens } = await client.register(overrides);
  if (response.status !== 201) throw new Error(`register failed: ${response.status}`);
  return { username: body.username as string, password: body.password as string, tokens };
}

describe('GET /api/users/me', () => {
  const context = useTestApp();

  it("answers the caller's profile with 200 and no secrets", async () => {
    const { username, tokens } = await registered(context);
    const response = await context.client.get('/api/users/me', tokens.access_token);
    expectJson(response, 200);
    expect(response.body).toEqual({
      id: tokens.user.id,
      username,
      email: null,
      name: null,
      roles: ['user'],
      disabled: false,
      createdAt: expect.any(String),
      updatedAt: expect.any(String),
    });
  });

  it("answers an admin's /me with their profile, not as a user id", async () => {
    const { client } = context;
    const admin = await client.loginAsAdmin();
    const response = await client.get('/api/users/me', admin.access_token);
    expectJson(response, 200);
    expect(response.body).toMatchObject({ username: ADMIN.username, roles: ['admin'] });
  });

  it('refuses a request without a token with 401 token_missing and WWW-Authenticate: Bearer', async () => {
    const response = await context.client.get('/api/users/me');
    expectTokenMissing(response);
  });

  it('ignores an access token in the query string: 401 token_missing', async () => {
    const { tokens } = await registered(context);
    const response = await context.client
      .get('/api/users/me')
      .query({ access_token: tokens.access_token });
    expectTokenMissing(response);
  });

  it('refuses a malformed token with 401 token_invalid and error="invalid_token"', async () => {
    const response = await context.client.get('/api/users/me', 'not.a.token');
    expectProblem(response, 401, 'token_invalid');
    expect(response.headers['www-authenticate']).toMatch(/^Bearer .*error="invalid_token"/);
  });

  it('refuses a refresh token sent as an access token with 401 token_invalid', async () => {
    const { tokens } = await registered(context);
    const response = await context.client.get('/api/users/me', tokens.refresh_token);
    expectProblem(response, 401, 'token_invalid');
  });
});

describe('PATCH /api/users/me', () => {
  const context = useTestApp();

  function patchMe(token: string | undefined, body: object) {
    return context.client.send('patch', '/api/users/me', token, body);
  }

  it('keeps updatedAt at or after createdAt, both ISO with milliseconds, for a change made at once', async () => {
    const { tokens } = await registered(context);
    const response = await patchMe(tokens.access_token, { name: 'At Once' });
    expectJson(response, 200);
    const { createdAt, updatedAt } = response.body as { createdAt: string; updatedAt: string };
    expect(createdAt).toMatch(ISO_WITH_MILLISECONDS);
    expect(updatedAt).toMatch(ISO_WITH_MILLISECONDS);
    expect(Date.parse(updatedAt)).toBeGreaterThanOrEqual(Date.parse(createdAt));
    expect(createdAt).toBe(tokens.user.createdAt);
  });

  it('sets the email and the name and answers the user with 200', async () => {
    const { username, tokens } = await registered(context);
    const response = await patchMe(tokens.access_token, {
      email: 'me@example.com',
      name: 'Me Myself',
    });
    expectJson(response, 200);
    expect(response.body).toMatchObject({
      id: tokens.user.id,
      username,
      email: 'me@example.com',
      name: 'Me Myself',
      roles: ['user'],
    });
    const read = await context.client.get('/api/users/me', tokens.access_token);
    expect(read.body).toMatchObject({ email: 'me@example.com', name: 'Me Myself' });
  });

  it('clears the email when it is sent as null', async () => {
    const { tokens } = await registered(context, { email: 'old@example.com' });
    const response = await patchMe(tokens.access_token, { email: null });
    expectJson(response, 200);
    expect(response.body.email).toBeNull();
    const read = await context.client.get('/api/users/me', tokens.access_token);
    expect(read.body.email).toBeNull();
  });

  it('clears the name when it is sent as null', async () => {
    const { tokens } = await registered(context, { name: 'Old Name' });
    const response = await patchMe(tokens.access_token, { name: null });
    expectJson(response, 200);
    expect(response.body.name).toBeNull();
  });

  it('leaves a field that is not sent unchanged', async () => {
    const { tokens } = await registered(context, { email: 'kept@example.com', name: 'Before' });
    const response = await patchMe(tokens.access_token, { name: 'After' });
    expectJson(response, 200);
    expect(response.body).toMatchObject({ email: 'kept@example.com', name: 'After' });
  });

  it('answers an empty body with 200 and the user unchanged', async () => {
    const { tokens } = await registered(context, { name: 'Same' });
    const response = await patchMe(tokens.access_token, {});
    expectJson(response, 200);
    expect(response.body).toMatchObject({ id: tokens.user.id, name: 'Same' });
  });

  it('refuses an invalid email with 400 validation_failed', async () => {
    const { tokens } = await registered(context);
    const response = await patchMe(tokens.access_token, { email: 'not-an-email' });
    expectValidationError(response, 'email');
  });

  it('refuses a name over 100 characters with 400 validation_failed', async () => {
    const { tokens } = await registered(context);
    const response = await patchMe(tokens.access_token, { name: 'n'.repeat(101) });
    expectValidationError(response, 'name');
  });

  it('accepts a name of 100 characters', async () => {
    const { tokens } = await registered(context);
    const response = await patchMe(tokens.access_token, { name: 'n'.repeat(100) });
    expectJson(response, 200);
    expect(response.body.name).toBe('n'.repeat(100));
  });

  it.each([
    ['roles', ['admin']],
    ['username', uniqueUsername()],
    ['disabled', false],
    ['password', strongPassword()],
  ])('refuses the unknown field %s with 400 validation_failed', async (field, value) => {
    const { tokens } = await registered(context);
    const response = await patchMe(tokens.access_token, { [field]: value });
    expectValidationError(response, field);
    const read = await context.client.get('/api/users/me', tokens.access_token);
    expect(read.body.roles).toEqual(['user']);
  });

  it('refuses a __proto__ field with 400 validation_failed', async () => {
    const { tokens } = await registered(context);
    const response = await context.client
      .http()
      .patch('/api/users/me')
      .set('Authorization', `Bearer ${tokens.access_token}`)
      .set('Content-Type', 'application/json')
      .send('{"__proto__": {"roles": ["admin"]}}');
    expectValidationError(response, '__proto__');
  });

  it.each([
    ['email', 42],
    ['email', true],
    ['name', 42],
    ['name', ['Alice']],
    ['name', { first: 'Alice' }],
  ])('refuses %s of the wrong type (%j) with 400 validation_failed', async (field, value) => {
    const { tokens } = await registered(context);
    const response = await patchMe(tokens.access_token, { [field]: value });
    expectValidationError(response, field);
  });

  it('refuses a request without a token with 401 token_missing and WWW-Authenticate: Bearer', async () => {
    const response = await patchMe(undefined, { name: 'Nobody' });
    expectTokenMissing(response);
  });
});

describe('DELETE /api/users/me', () => {
  const context = useTestApp();

  function deleteMe(token?: string) {
    return context.client.send('delete', '/api/users/me', token);
  }

  it('deletes the account with 204 given the fresh token of a register', async () => {
    const { tokens } = await registered(context);
    const response = await deleteMe(tokens.access_token);
    expect(response.status).toBe(204);
    expect(response.text).toBe('');
  });

  it('deletes the account with 204 given the fresh token of a login', async () => {
    const { username, password } = await registered(context);
    const { response: login, tokens } = await context.client.login(username, password);
    expect(login.status).toBe(200);
    const response = await deleteMe(tokens.access_token);
    expect(response.status).toBe(204);
  });

  it('refuses the login of a deleted account with 401 invalid_credentials', async () => {
    const { username, password, tokens } = await registered(context);
    expect((await deleteMe(tokens.access_token)).status).toBe(204);
    const { response } = await context.client.login(username, password);
    expectProblem(response, 401, 'invalid_credentials');
  });

  it("refuses the deleted account's old access token with 401 token_revoked", async () => {
    const { tokens } = await registered(context);
    expect((await deleteMe(tokens.access_token)).status).toBe(204);
    const response = await context.client.get('/api/users/me', tokens.access_token);
    expectProblem(response, 401, 'token_revoked');
    expect(response.headers['www-authenticate']).toMatch(/^Bearer .*error="invalid_token"/);
  });

  it("ends the deleted account's sessions: its refresh token gets 401", async () => {
    const { tokens } = await registered(context);
    expect((await deleteMe(tokens.access_token)).status).toBe(204);
    const response = await context.client.refresh(tokens.refresh_token);
    expect(response.status).toBe(401);
    expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(['token_invalid', 'token_revoked']).toContain(response.body.code);
    expectNoSecrets(response);
  });

  it('refuses a token obtained by refreshing with 401 fresh_token_required', async () => {
    const { tokens } = await registered(context);
    const refreshed = await context.client.refresh(tokens.refresh_token);
    expect(refreshed.status).toBe(200);
    const response = await deleteMe(refreshed.body.access_token);
    expectProblem(response, 401, 'fresh_token_required');
  });

  it('keeps the account when the delete is refused for a token that is not fresh', async () => {
    const { username, password, tokens } = await registered(context);
    const refreshed = await context.client.refresh(tokens.refresh_token);
    await deleteMe(refreshed.body.access_token);
    expectJson(await context.client.get('/api/users/me', refreshed.body.access_token), 200);
    expect((await context.client.login(username, password)).response.status).toBe(200);
  });

  it('refuses a request without a token with 401 token_missing and WWW-Authenticate: Bearer', async () => {
    const response = await deleteMe();
    expectTokenMissing(response);
  });
});

describe('DELETE /api/users/me by the only admin', () => {
  // Nothing here creates another admin: the seeded admin stays the last enabled one.
  const context = useTestApp();

  it('refuses to delete the last enabled admin with 409 last_admin', async () => {
    const admin = await context.client.loginAsAdmin();
    const response = await context.client.send('delete', '/api/users/me', admin.access_token);
    expectProblem(response, 409, 'last_admin');
    const read = await context.client.get('/api/users/me', admin.access_token);
    expectJson(read, 200);
    expect((await context.client.login(ADMIN.username, ADMIN.password)).response.status).toBe(200);
  });
});

describe('DELETE /api/users/me by an admin while another enabled admin remains', () => {
  const context = useTestApp();

  it('deletes the admin with 204 once a second enabled admin exists', async () => {
    const seeded = await context.client.loginAsAdmin();
    const username = uniqueUsername('admin');
    const password = strongPassword();
    const created = await context.client.send('post', '/api/users', seeded.access_token, {
      username,
      password,
      roles: ['admin'],
    });
    expect(created.status).toBe(201);
    const { tokens } = await context.client.login(username, password);
    const response = await context.client.send('delete', '/api/users/me', tokens.access_token);
    expect(response.status).toBe(204);
    const read = await context.client.get(`/api/users/${created.body.id}`, seeded.access_token);
    expectProblem(read, 404, 'not_found');
  });
});
