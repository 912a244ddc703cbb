import {
  ADMIN,
  type Api,
  expectJson,
  expectProblem,
  expectValidationError,
  strongPassword,
} from './support/api.js';
import { useTestApp } from './support/test-app.js';

// Where SQLite and PostgreSQL differ, the service answers the same on both: this file runs in
// the `e2e` project (SQLite) and again in `e2e-postgres`.

describe('text holding U+0000, which PostgreSQL cannot store', () => {
  const { client } = useTestApp();
  let admin: string;

  beforeAll(async () => {
    admin = (await client.loginAsAdmin()).access_token;
  });

  it('refuses U+0000 in a body field with 400 validation_failed naming it', async () => {
    const { response } = await client.register({ username: 'nul\u0000user' });
    expectValidationError(response, 'username');
  });

  it('refuses U+0000 in a password with 400 validation_failed naming it', async () => {
    const response = await client
      .http()
      .post('/api/auth/login')
      .send({ username: ADMIN.username, password: `${ADMIN.password}\u0000` });
    expectValidationError(response, 'password');
  });

  it('refuses U+0000 in a profile field with 400 validation_failed naming it', async () => {
    const response = await client.send('patch', '/api/users/me', admin, { name: 'a\u0000b' });
    expectValidationError(response, 'name');
  });

  it('refuses U+0000 in a field name with 400 validation_failed', async () => {
    const response = await client.send('patch', '/api/users/me', admin, { 'na\u0000me': 'x' });
    expectProblem(response, 400, 'validation_failed');
  });

  it('refuses %00 in a query parameter with 400 validation_failed naming it', async () => {
    expectValidationError(await client.get('/api/users?q=ad%00', admin), 'q');
  });
});

describe('usernames and search, alike on both databases', () => {
  const { client } = useTestApp();
  let admin: string;

  beforeAll(async () => {
    admin = (await client.loginAsAdmin()).access_token;
  });

  it('treats usernames that differ only in case as one (409 username_taken)', async () => {
    const { body } = await client.register({ username: 'Case_Fold_Name' });
    const { response } = await client.register({ username: body.username.toLowerCase() });
    expectProblem(response, 409, 'username_taken');
  });

  it('finds users by a prefix in any case', async () => {
    await client.register({ username: 'Prefix_Search_One' });
    const response = await client.get('/api/users?q=PREFIX_SEARCH', admin);
    expectJson(response, 200);
    expect(response.body.items.map((user: { username: string }) => user.username)).toEqual([
      'Prefix_Search_One',
    ]);
  });

  it('matches _ and % in q literally, not as LIKE wildcards', async () => {
    await client.register({ username: 'likeXescape' });
    await client.register({ username: 'like_escape' });
    const underscore = await client.get('/api/users?q=like_', admin);
    expect(underscore.body.items.map((user: { username: string }) => user.username)).toEqual([
      'like_escape',
    ]);
    const percent = await client.get('/api/users?q=like%25', admin);
    expect(percent.body.items).toEqual([]);
  });

  it('keeps the milliseconds of timestamps it writes', async () => {
    const { tokens } = await client.register();
    const response = await client.send('patch', '/api/users/me', tokens.access_token, {
      name: 'Timestamp Check',
    });
    expectJson(response, 200);
    const read = await client.get('/api/users/me', tokens.access_token);
    expect(read.body.updatedAt).toBe(response.body.updatedAt);
    expect(read.body.createdAt).toBe(tokens.user.createdAt);
  });
});

/** Makes a second enabled admin beside the seeded one; returns both ids and how to log in. */
async function addSecondAdmin(client: Api) {
  const seeded = await client.loginAsAdmin();
  const second = {
    username: `second_admin_${Date.now().toString(36)}`,
    password: strongPassword(),
  };
  const created = await client.send('post', '/api/users', seeded.access_token, {
    ...second,
    roles: ['admin'],
  });
  expectJson(created, 201);
  return { seededId: seeded.user.id, secondId: created.body.id as string, second };
}

describe('the last-admin rule under concurrent requests', () => {
  const { client } = useTestApp();

  it('lets only one of two admins disabling each other at the same moment succeed', async () => {
    const { seededId, secondId, second } = await addSecondAdmin(client);
    // Several rounds: one pair of requests may happen not to overlap.
    for (let round = 0; round < 5; round++) {
      const seededToken = (await client.loginAsAdmin()).access_token;
      const secondToken = (await client.login(second.username, second.password)).tokens
        .access_token;
      const answers = await Promise.all([
        client.send('patch', `/api/users/${secondId}`, seededToken, { disabled: true }),
        client.send('patch', `/api/users/${seededId}`, secondToken, { disabled: true }),
      ]);
      expect(answers.map((answer) => answer.status).sort()).toEqual([200, 409]);
      const [survivorToken, disabledId] =
        answers[0].status === 200 ? [seededToken, secondId] : [secondToken, seededId];
      const enabled = await client.send('patch', `/api/users/${disabledId}`, survivorToken, {
        disabled: false,
      });
      expectJson(enabled, 200);
    }
  });
});
