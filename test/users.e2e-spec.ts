import { randomBytes, randomUUID } from 'node:crypto';
import {
  ADMIN,
  api,
  type Api,
  expectJson,
  expectNoSecrets,
  expectValidationError,
  expectProblem,
  strongPassword,
  uniqueUsername,
} from './support/api.js';
import { createTestApp, type TestApp } from './support/test-app.js';

interface UserBody {
  id: string;
  username: string;
  email: string | null;
  name: string | null;
  roles: string[];
  disabled: boolean;
  createdAt: string;
  updatedAt: string;
}

interface Context {
  testApp: TestApp;
  client: Api;
  /** An access token of the seeded admin. */
  admin: string;
}

/** One app per describe: started in beforeAll, closed in afterAll. */
function useTestApp(): Context {
  const context = {} as Context;
  beforeAll(async () => {
    context.testApp = await createTestApp();
    context.client = api(context.testApp.server);
    context.admin = (await context.client.loginAsAdmin()).access_token;
  });
  afterAll(() => context.testApp.close());
  return context;
}

async function createUser(
  { client, admin }: Context,
  overrides: Record<string, unknown> = {},
): Promise<{ user: UserBody; password: string }> {
  const body = { username: uniqueUsername(), password: strongPassword(), ...overrides };
  const response = await client.send('post', '/api/users', admin, body);
  if (response.status !== 201) throw new Error(`creating a user failed: ${response.status}`);
  return { user: response.body as UserBody, password: body.password as string };
}

/** A user of its own, logged in. */
async function createLoggedInUser(context: Context, overrides: Record<string, unknown> = {}) {
  const { user, password } = await createUser(context, overrides);
  const { response, tokens } = await context.client.login(user.username, password);
  if (response.status !== 200) throw new Error(`login failed: ${response.status}`);
  return { user, password, tokens };
}

/** Every page from the first, following `nextCursor`; each page's status is checked. */
async function walkPages(
  { client, admin }: Context,
  query: Record<string, string | number>,
): Promise<UserBody[]> {
  const items: UserBody[] = [];
  let cursor: string | undefined;
  for (let page = 0; page < 1000; page += 1) {
    const response = await client
      .get('/api/users', admin)
      .query(cursor === undefined ? query : { ...query, cursor });
    expectJson(response, 200);
    items.push(...response.body.items);
    if (response.body.nextCursor === null) return items;
    cursor = response.body.nextCursor;
  }
  throw new Error('the cursor never ran out');
}

function byUsernameIgnoringCase(a: string, b: string): number {
  const [left, right] = [a.toLowerCase(), b.toLowerCase()];
  return left < right ? -1 : left > right ? 1 : 0;
}

describe('GET /api/users', () => {
  const context = useTestApp();

  it('lists users as { items, nextCursor } with user bodies and no secrets', async () => {
    const { user } = await createUser(context);
    const response = await context.client
      .get('/api/users', context.admin)
      .query({ q: user.username });
    expectJson(response, 200);
    expect(response.body).toEqual({ items: [user], nextCursor: null });
  });

  it('answers 20 users when no limit is given', async () => {
    const prefix = uniqueUsername('page');
    for (let i = 0; i < 21; i += 1) {
      await createUser(context, { username: `${prefix}_${String(i).padStart(2, '0')}` });
    }
    const first = await context.client.get('/api/users', context.admin).query({ q: prefix });
    expectJson(first, 200);
    expect(first.body.items).toHaveLength(20);
    expect(typeof first.body.nextCursor).toBe('string');
    const second = await context.client
      .get('/api/users', context.admin)
      .query({ q: prefix, cursor: first.body.nextCursor });
    expectJson(second, 200);
    expect(second.body.items.map((user: UserBody) => user.username)).toEqual([`${prefix}_20`]);
    expect(second.body.nextCursor).toBeNull();
  });

  it('accepts the limits 1 and 100', async () => {
    await createUser(context);
    await createUser(context);
    const one = await context.client.get('/api/users', context.admin).query({ limit: 1 });
    expectJson(one, 200);
    expect(one.body.items).toHaveLength(1);
    const hundred = await context.client.get('/api/users', context.admin).query({ limit: 100 });
    expectJson(hundred, 200);
    expect(hundred.body.items.length).toBeGreaterThan(1);
    expect(hundred.body.items.length).toBeLessThanOrEqual(100);
  });

  it.each(['0', '101', 'abc', '-1', '1.5'])(
    'refuses limit=%s with 400 validation_failed',
    async (limit) => {
      const response = await context.client.get('/api/users', context.admin).query({ limit });
      expectValidationError(response, 'limit');
    },
  );

  it('filters by username prefix, ignoring case', async () => {
    const prefix = uniqueUsername('q');
    const alice = await createUser(context, { username: `${prefix}Alice` });
    const alfred = await createUser(context, { username: `${prefix}alfred` });
    await createUser(context, { username: `${prefix}Bob` });
    await createUser(context, { username: `x${prefix}al` });
    const response = await context.client
      .get('/api/users', context.admin)
      .query({ q: `${prefix}aL`.toUpperCase() });
    expectJson(response, 200);
    expect(response.body.items.map((user: UserBody) => user.id)).toEqual([
      alfred.user.id,
      alice.user.id,
    ]);
    expect(response.body.nextCursor).toBeNull();
  });

  // Byte order of the characters a username may hold: - . 0-9 _ a-z.
  it.each(['-', '.', '9', '_', 'z'])(
    'filters a prefix ending in %s to exactly the usernames that start with it',
    async (last) => {
      const base = uniqueUsername('edge');
      const prefix = `${base}${last}`;
      const matching = [prefix, `${prefix}-x`, `${prefix}.x`, `${prefix}zz`];
      const others = ['-', '.', '0', '9', '_', 'a', 'z']
        .filter((neighbour) => neighbour !== last)
        .map((neighbour) => `${base}${neighbour}`);
      for (const username of [...matching, ...others, base]) {
        await createUser(context, { username });
      }
      const response = await context.client.get('/api/users', context.admin).query({ q: prefix });
      expectJson(response, 200);
      expect(response.body.items.map((user: UserBody) => user.username)).toEqual(
        [...matching].sort(byUsernameIgnoringCase),
      );
    },
  );

  it.each(['%', '/', 'a b', '{'])(
    'answers an empty page for the prefix %j, which no username can start with',
    async (q) => {
      const response = await context.client.get('/api/users', context.admin).query({ q });
      expectJson(response, 200);
      expect(response.body).toEqual({ items: [], nextCursor: null });
    },
  );

  it('orders users by username, ignoring case', async () => {
    const prefix = uniqueUsername('ord');
    const usernames = ['Charlie', 'alpha', 'delta', 'Bravo', 'echo'].map((name) => prefix + name);
    for (const username of usernames) await createUser(context, { username });
    const response = await context.client.get('/api/users', context.admin).query({ q: prefix });
    expectJson(response, 200);
    expect(response.body.items.map((user: UserBody) => user.username)).toEqual(
      [...usernames].sort(byUsernameIgnoringCase),
    );
  });

  it('returns the usernames as they were registered', async () => {
    const { user } = await createUser(context, { username: uniqueUsername('MiXeD') });
    const response = await context.client
      .get('/api/users', context.admin)
      .query({ q: user.username.toLowerCase() });
    expectJson(response, 200);
    expect(response.body.items.map((item: UserBody) => item.username)).toEqual([user.username]);
  });

  it('answers nextCursor null exactly when no item follows', async () => {
    const prefix = uniqueUsername('next');
    for (const suffix of ['a', 'b', 'c', 'd']) {
      await createUser(context, { username: `${prefix}${suffix}` });
    }
    const page = (limit: number, cursor?: string) =>
      context.client
        .get('/api/users', context.admin)
        .query(cursor === undefined ? { q: prefix, limit } : { q: prefix, limit, cursor });

    const three = await page(3);
    expect(three.body.items).toHaveLength(3);
    expect(typeof three.body.nextCursor).toBe('string');

    const four = await page(4);
    expect(four.body.items).toHaveLength(4);
    expect(four.body.nextCursor).toBeNull();

    const five = await page(5);
    expect(five.body.items).toHaveLength(4);
    expect(five.body.nextCursor).toBeNull();

    const firstHalf = await page(2);
    expect(typeof firstHalf.body.nextCursor).toBe('string');
    const secondHalf = await page(2, firstHalf.body.nextCursor);
    expectJson(secondHalf, 200);
    expect(secondHalf.body.items.map((user: UserBody) => user.username)).toEqual([
      `${prefix}c`,
      `${prefix}d`,
    ]);
    expect(secondHalf.body.nextCursor).toBeNull();
  });

  it('gives every user exactly once when walking all pages with the cursor', async () => {
    for (let i = 0; i < 5; i += 1) await createUser(context);
    const all = await walkPages(context, { limit: 100 });
    const paged = await walkPages(context, { limit: 3 });
    const ids = paged.map((user) => user.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids).toEqual(all.map((user) => user.id));
    expect(paged.map((user) => user.username)).toEqual(
      paged.map((user) => user.username).sort(byUsernameIgnoringCase),
    );
  });

  it('gives every user of a prefix exactly once when walking its pages', async () => {
    const prefix = uniqueUsername('walk');
    const created: string[] = [];
    for (let i = 0; i < 10; i += 1) {
      created.push((await createUser(context, { username: `${prefix}_${i}` })).user.username);
    }
    const paged = await walkPages(context, { q: prefix, limit: 3 });
    expect(paged.map((user) => user.username)).toEqual(created.sort(byUsernameIgnoringCase));
  });

  it('neither repeats nor skips existing users when users are inserted between page fetches', async () => {
    const prefix = uniqueUsername('stable');
    const existing: string[] = [];
    for (const suffix of ['b', 'd', 'f', 'h', 'j']) {
      existing.push((await createUser(context, { username: `${prefix}${suffix}` })).user.id);
    }
    const first = await context.client
      .get('/api/users', context.admin)
      .query({ q: prefix, limit: 2 });
    expectJson(first, 200);
    const seen: string[] = first.body.items.map((user: UserBody) => user.id);

    for (const suffix of ['a', 'c', 'e', 'i']) {
      await createUser(context, { username: `${prefix}${suffix}` });
    }
    let cursor: string | null = first.body.nextCursor;
    while (cursor !== null) {
      const response = await context.client
        .get('/api/users', context.admin)
        .query({ q: prefix, limit: 2, cursor });
      expectJson(response, 200);
      seen.push(...response.body.items.map((user: UserBody) => user.id));
      cursor = response.body.nextCursor;
    }
    expect(new Set(seen).size).toBe(seen.length);
    for (const id of existing) expect(seen.filter((seenId) => seenId === id)).toHaveLength(1);
  });

  it.each([
    'not a cursor',
    '%%%',
    'QUJD',
    'x'.repeat(200),
    Buffer.from('a%').toString('base64url'),
  ])('refuses the malformed cursor %s with 400 validation_failed', async (cursor) => {
    const response = await context.client.get('/api/users', context.admin).query({ cursor });
    expectValidationError(response, 'cursor');
  });
});

describe('GET /api/users/:id', () => {
  const context = useTestApp();

  it('answers the user with 200', async () => {
    const { user } = await createUser(context, { email: 'one@example.com', name: 'One' });
    const response = await context.client.get(`/api/users/${user.id}`, context.admin);
    expectJson(response, 200);
    expect(response.body).toEqual(user);
    expect(response.body).toMatchObject({ email: 'one@example.com', name: 'One' });
  });

  it('answers an unknown uuid with 404 not_found', async () => {
    const response = await context.client.get(`/api/users/${randomUUID()}`, context.admin);
    expectProblem(response, 404, 'not_found');
  });

  it('answers an id that is not a uuid with 404 not_found', async () => {
    const response = await context.client.get('/api/users/not-a-uuid', context.admin);
    expectProblem(response, 404, 'not_found');
  });
});

describe('POST /api/users', () => {
  const context = useTestApp();

  it('creates a user with 201, the role user by default and no secrets in the body', async () => {
    const username = uniqueUsername();
    const response = await context.client.send('post', '/api/users', context.admin, {
      username,
      password: strongPassword(),
      email: 'created@example.com',
      name: 'Created',
    });
    expectJson(response, 201);
    expect(response.body).toEqual({
      id: expect.stringMatching(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/),
      username,
      email: 'created@example.com',
      name: 'Created',
      roles: ['user'],
      disabled: false,
      createdAt: expect.any(String),
      updatedAt: expect.any(String),
    });
    expect(new Date(response.body.createdAt).toISOString()).toBe(response.body.createdAt);
  });

  it('creates a user who can log in with the given password', async () => {
    const { user, password } = await createUser(context);
    const { response } = await context.client.login(user.username, password);
    expect(response.status).toBe(200);
    expect(response.body.user.id).toBe(user.id);
    expectNoSecrets(response);
  });

  it('creates an admin when roles is [admin]', async () => {
    const { user, password } = await createUser(context, { roles: ['admin'] });
    expect(user.roles).toEqual(['admin']);
    const { tokens } = await context.client.login(user.username, password);
    const response = await context.client.get('/api/users', tokens.access_token);
    expectJson(response, 200);
  });

  it('refuses a username taken in another case with 409 username_taken', async () => {
    const { user } = await createUser(context, { username: uniqueUsername('Taken') });
    const response = await context.client.send('post', '/api/users', context.admin, {
      username: user.username.toUpperCase(),
      password: strongPassword(),
    });
    expectProblem(response, 409, 'username_taken');
  });

  it.each([
    ['a character outside a-z A-Z 0-9 _ . -', 'bad name!'],
    ['a non-ASCII letter', 'émile_user'],
    ['fewer than 3 characters', 'ab'],
    ['more than 32 characters', 'a'.repeat(33)],
    ['a number', 12345],
  ])('refuses a username with %s with 400 validation_failed', async (_rule, username) => {
    const response = await context.client.send('post', '/api/users', context.admin, {
      username,
      password: strongPassword(),
    });
    expectValidationError(response, 'username');
  });

  it('accepts usernames of 3 and of 32 characters from a-z A-Z 0-9 _ . -', async () => {
    const short = `u${randomBytes(1).toString('hex')}`;
    const long = `${uniqueUsername('Long.name-')}`.padEnd(32, 'x');
    for (const username of [short, long]) {
      const response = await context.client.send('post', '/api/users', context.admin, {
        username,
        password: strongPassword(),
      });
      expectJson(response, 201);
      expect(response.body.username).toBe(username);
    }
  });

  it('refuses a password under 8 code points with 400 validation_failed', async () => {
    const response = await context.client.send('post', '/api/users', context.admin, {
      username: uniqueUsername(),
      password: 'Xq7!zpL',
    });
    expectValidationError(response, 'password');
  });

  it('refuses a password over 256 code points with 400 validation_failed', async () => {
    const response = await context.client.send('post', '/api/users', context.admin, {
      username: uniqueUsername(),
      password: strongPassword().padEnd(257, 'z'),
    });
    expectValidationError(response, 'password');
  });

  it('refuses 7 emoji as a password: an emoji counts as one character', async () => {
    const response = await context.client.send('post', '/api/users', context.admin, {
      username: uniqueUsername(),
      password: '\u{1F511}'.repeat(7),
    });
    expectValidationError(response, 'password');
  });

  it('accepts 8 and 256 emoji as a password: an emoji counts as one character', async () => {
    for (const count of [8, 256]) {
      const password = '\u{1F511}'.repeat(count);
      const { user } = await createUser(context, { password });
      const { response } = await context.client.login(user.username, password);
      expect(response.status).toBe(200);
    }
  });

  it('refuses 257 emoji as a password with 400 validation_failed', async () => {
    const response = await context.client.send('post', '/api/users', context.admin, {
      username: uniqueUsername(),
      password: '\u{1F511}'.repeat(257),
    });
    expectValidationError(response, 'password');
  });

  it('refuses a commonly used password with 400 weak_password', async () => {
    const response = await context.client.send('post', '/api/users', context.admin, {
      username: uniqueUsername(),
      password: 'password123',
    });
    expectProblem(response, 400, 'weak_password');
  });

  it('refuses a password equal to the username ignoring case with 400 weak_password', async () => {
    const username = uniqueUsername('Same');
    const response = await context.client.send('post', '/api/users', context.admin, {
      username,
      password: username.toUpperCase(),
    });
    expectProblem(response, 400, 'weak_password');
  });

  it.each([
    ['a role other than user and admin', ['superuser']],
    ['an empty list', []],
    ['null', null],
    ['a string', 'admin'],
  ])('refuses roles given as %s with 400 validation_failed', async (_rule, roles) => {
    const response = await context.client.send('post', '/api/users', context.admin, {
      username: uniqueUsername(),
      password: strongPassword(),
      roles,
    });
    expectValidationError(response, 'roles');
  });

  it('refuses an invalid email with 400 validation_failed', async () => {
    const response = await context.client.send('post', '/api/users', context.admin, {
      username: uniqueUsername(),
      password: strongPassword(),
      email: 'not-an-email',
    });
    expectValidationError(response, 'email');
  });

  it('refuses an unknown field with 400 validation_failed', async () => {
    const response = await context.client.send('post', '/api/users', context.admin, {
      username: uniqueUsername(),
      password: strongPassword(),
      disabled: true,
    });
    expectValidationError(response, 'disabled');
  });

  it('refuses a missing password with 400 validation_failed', async () => {
    const response = await context.client.send('post', '/api/users', context.admin, {
      username: uniqueUsername(),
    });
    expectValidationError(response, 'password');
  });
});

describe('PATCH /api/users/:id', () => {
  const context = useTestApp();

  it('sets email and name and answers the user with 200', async () => {
    const { user } = await createUser(context);
    const response = await context.client.send('patch', `/api/users/${user.id}`, context.admin, {
      email: 'patched@example.com',
      name: 'Patched',
    });
    expectJson(response, 200);
    expect(response.body).toMatchObject({
      id: user.id,
      username: user.username,
      email: 'patched@example.com',
      name: 'Patched',
      roles: ['user'],
      disabled: false,
    });
    const read = await context.client.get(`/api/users/${user.id}`, context.admin);
    expect(read.body).toMatchObject({ email: 'patched@example.com', name: 'Patched' });
  });

  it('clears the email and the name when they are sent as null', async () => {
    const { user } = await createUser(context, { email: 'clear@example.com', name: 'Clear' });
    const response = await context.client.send('patch', `/api/users/${user.id}`, context.admin, {
      email: null,
      name: null,
    });
    expectJson(response, 200);
    expect(response.body).toMatchObject({ email: null, name: null });
  });

  it('changes the roles', async () => {
    const { user } = await createUser(context);
    const response = await context.client.send('patch', `/api/users/${user.id}`, context.admin, {
      roles: ['user', 'admin'],
    });
    expectJson(response, 200);
    expect([...response.body.roles].sort()).toEqual(['admin', 'user']);
  });

  it.each(['roles', 'password', 'disabled'])(
    'refuses %s: null with 400 validation_failed',
    async (field) => {
      const { user } = await createUser(context);
      const response = await context.client.send('patch', `/api/users/${user.id}`, context.admin, {
        [field]: null,
      });
      expectValidationError(response, field);
    },
  );

  it('refuses a username change as an unknown field with 400 validation_failed', async () => {
    const { user } = await createUser(context);
    const response = await context.client.send('patch', `/api/users/${user.id}`, context.admin, {
      username: uniqueUsername(),
    });
    expectValidationError(response, 'username');
  });

  it('refuses a commonly used password with 400 weak_password', async () => {
    const { user } = await createUser(context);
    const response = await context.client.send('patch', `/api/users/${user.id}`, context.admin, {
      password: 'password123',
    });
    expectProblem(response, 400, 'weak_password');
  });

  it('refuses a password equal to the username ignoring case with 400 weak_password', async () => {
    const { user } = await createUser(context, { username: uniqueUsername('Patch') });
    const response = await context.client.send('patch', `/api/users/${user.id}`, context.admin, {
      password: user.username.toLowerCase(),
    });
    expectProblem(response, 400, 'weak_password');
  });

  it('refuses a password under 8 code points with 400 validation_failed', async () => {
    const { user } = await createUser(context);
    const response = await context.client.send('patch', `/api/users/${user.id}`, context.admin, {
      password: 'short',
    });
    expectValidationError(response, 'password');
  });

  it('refuses disabled given as a string with 400 validation_failed', async () => {
    const { user } = await createUser(context);
    const response = await context.client.send('patch', `/api/users/${user.id}`, context.admin, {
      disabled: 'true',
    });
    expectValidationError(response, 'disabled');
  });

  it('answers an unknown uuid with 404 not_found', async () => {
    const response = await context.client.send(
      'patch',
      `/api/users/${randomUUID()}`,
      context.admin,
      { name: 'Nobody' },
    );
    expectProblem(response, 404, 'not_found');
  });

  it('answers an id that is not a uuid with 404 not_found', async () => {
    const response = await context.client.send('patch', '/api/users/not-a-uuid', context.admin, {
      name: 'Nobody',
    });
    expectProblem(response, 404, 'not_found');
  });

  it('sets a password with which the user logs in, and the old one no longer does', async () => {
    const { user, password } = await createUser(context);
    const newPassword = strongPassword();
    const response = await context.client.send('patch', `/api/users/${user.id}`, context.admin, {
      password: newPassword,
    });
    expectJson(response, 200);
    expect((await context.client.login(user.username, newPassword)).response.status).toBe(200);
    const old = await context.client.login(user.username, password);
    expectProblem(old.response, 401, 'invalid_credentials');
  });

  it("ends the user's sessions when an admin sets the password: the old access token gets 401 token_revoked", async () => {
    const { user, tokens } = await createLoggedInUser(context);
    await context.client.send('patch', `/api/users/${user.id}`, context.admin, {
      password: strongPassword(),
    });
    const response = await context.client.get('/api/users/me', tokens.access_token);
    expectProblem(response, 401, 'token_revoked');
    expect(response.headers['www-authenticate']).toMatch(/^Bearer .*error="invalid_token"/);
  });

  it("ends the user's sessions when an admin sets the password: the old refresh token gets 401", async () => {
    const { user, tokens } = await createLoggedInUser(context);
    await context.client.send('patch', `/api/users/${user.id}`, context.admin, {
      password: strongPassword(),
    });
    const response = await context.client.refresh(tokens.refresh_token);
    expectProblem(response, 401, 'token_revoked');
  });

  it('disables a user, whose login with the right password then gets 401 account_disabled', async () => {
    const { user, password } = await createUser(context);
    const response = await context.client.send('patch', `/api/users/${user.id}`, context.admin, {
      disabled: true,
    });
    expectJson(response, 200);
    expect(response.body.disabled).toBe(true);
    const { response: login } = await context.client.login(user.username, password);
    expectProblem(login, 401, 'account_disabled');
  });

  it("answers a disabled user's wrong password with 401 invalid_credentials, not account_disabled", async () => {
    const { user } = await createUser(context);
    await context.client.send('patch', `/api/users/${user.id}`, context.admin, { disabled: true });
    const { response } = await context.client.login(user.username, strongPassword());
    expectProblem(response, 401, 'invalid_credentials');
  });

  it("refuses a disabled user's existing access token with 401 token_revoked", async () => {
    const { user, tokens } = await createLoggedInUser(context);
    await context.client.send('patch', `/api/users/${user.id}`, context.admin, { disabled: true });
    const response = await context.client.get('/api/users/me', tokens.access_token);
    expectProblem(response, 401, 'token_revoked');
  });

  it("refuses a disabled user's refresh token with 401 account_disabled", async () => {
    const { user, tokens } = await createLoggedInUser(context);
    await context.client.send('patch', `/api/users/${user.id}`, context.admin, { disabled: true });
    const response = await context.client.refresh(tokens.refresh_token);
    expectProblem(response, 401, 'account_disabled');
  });

  it('lets a re-enabled user log in again', async () => {
    const { user, password } = await createUser(context);
    await context.client.send('patch', `/api/users/${user.id}`, context.admin, { disabled: true });
    const response = await context.client.send('patch', `/api/users/${user.id}`, context.admin, {
      disabled: false,
    });
    expectJson(response, 200);
    expect(response.body.disabled).toBe(false);
    expect((await context.client.login(user.username, password)).response.status).toBe(200);
  });

  it("refuses the user's existing access token with 401 token_revoked after a role change", async () => {
    const { user, tokens } = await createLoggedInUser(context);
    await context.client.send('patch', `/api/users/${user.id}`, context.admin, {
      roles: ['admin'],
    });
    const response = await context.client.get('/api/users/me', tokens.access_token);
    expectProblem(response, 401, 'token_revoked');
  });

  it('keeps the session through a role change: a refresh answers tokens with the new roles', async () => {
    const { user, tokens } = await createLoggedInUser(context);
    await context.client.send('patch', `/api/users/${user.id}`, context.admin, {
      roles: ['admin'],
    });
    const refreshed = await context.client.refresh(tokens.refresh_token);
    expectJson(refreshed, 200);
    expect(refreshed.body.user.roles).toEqual(['admin']);
    const list = await context.client.get('/api/users', refreshed.body.access_token);
    expectJson(list, 200);
  });

  it('keeps refusing a token issued before a role change after the roles change back (user, admin, user)', async () => {
    const { user, tokens } = await createLoggedInUser(context);
    for (const roles of [['admin'], ['user']]) {
      const changed = await context.client.send('patch', `/api/users/${user.id}`, context.admin, {
        roles,
      });
      expectJson(changed, 200);
    }
    const response = await context.client.get('/api/users/me', tokens.access_token);
    expectProblem(response, 401, 'token_revoked');
  });

  it('accepts the token of a refresh right after the roles change back (user, admin, user)', async () => {
    const { user, tokens } = await createLoggedInUser(context);
    for (const roles of [['admin'], ['user']]) {
      await context.client.send('patch', `/api/users/${user.id}`, context.admin, { roles });
    }
    const refreshed = await context.client.refresh(tokens.refresh_token);
    expectJson(refreshed, 200);
    expect(refreshed.body.user.roles).toEqual(['user']);
    expectJson(await context.client.get('/api/users/me', refreshed.body.access_token), 200);
  });

  it('keeps the access token working when the roles are set to the ones the user has', async () => {
    const { user, tokens } = await createLoggedInUser(context);
    await context.client.send('patch', `/api/users/${user.id}`, context.admin, { roles: ['user'] });
    expectJson(await context.client.get('/api/users/me', tokens.access_token), 200);
  });

  it('keeps the access token working after an email or name change', async () => {
    const { user, tokens } = await createLoggedInUser(context);
    await context.client.send('patch', `/api/users/${user.id}`, context.admin, {
      email: 'kept@example.com',
      name: 'Kept',
    });
    const response = await context.client.get('/api/users/me', tokens.access_token);
    expectJson(response, 200);
    expect(response.body).toMatchObject({ email: 'kept@example.com', name: 'Kept' });
  });
});

describe('DELETE /api/users/:id', () => {
  const context = useTestApp();

  it('deletes a user with 204, after which the user is not found', async () => {
    const { user } = await createUser(context);
    const response = await context.client.send('delete', `/api/users/${user.id}`, context.admin);
    expect(response.status).toBe(204);
    expect(response.text).toBe('');
    const read = await context.client.get(`/api/users/${user.id}`, context.admin);
    expectProblem(read, 404, 'not_found');
    const again = await context.client.send('delete', `/api/users/${user.id}`, context.admin);
    expectProblem(again, 404, 'not_found');
  });

  it('refuses the login of a deleted user with 401 invalid_credentials', async () => {
    const { user, password } = await createUser(context);
    await context.client.send('delete', `/api/users/${user.id}`, context.admin);
    const { response } = await context.client.login(user.username, password);
    expectProblem(response, 401, 'invalid_credentials');
  });

  it("refuses a deleted user's access token with 401 token_revoked", async () => {
    const { user, tokens } = await createLoggedInUser(context);
    await context.client.send('delete', `/api/users/${user.id}`, context.admin);
    const response = await context.client.get('/api/users/me', tokens.access_token);
    expectProblem(response, 401, 'token_revoked');
  });

  it("refuses a deleted user's refresh token with 401", async () => {
    const { user, tokens } = await createLoggedInUser(context);
    await context.client.send('delete', `/api/users/${user.id}`, context.admin);
    const response = await context.client.refresh(tokens.refresh_token);
    expect(response.status).toBe(401);
    expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(['token_invalid', 'token_revoked']).toContain(response.body.code);
    expectNoSecrets(response);
  });

  it('answers an unknown uuid with 404 not_found', async () => {
    const response = await context.client.send(
      'delete',
      `/api/users/${randomUUID()}`,
      context.admin,
    );
    expectProblem(response, 404, 'not_found');
  });

  it('answers an id that is not a uuid with 404 not_found', async () => {
    const response = await context.client.send('delete', '/api/users/not-a-uuid', context.admin);
    expectProblem(response, 404, 'not_found');
  });
});

describe('admin routes for callers who are not admins', () => {
  const context = useTestApp();

  const routes: [string, 'get' | 'post' | 'patch' | 'delete', (id: string) => string, object?][] = [
    ['GET /api/users', 'get', () => '/api/users'],
    ['GET /api/users/:id', 'get', (id) => `/api/users/${id}`],
    [
      'POST /api/users',
      'post',
      () => '/api/users',
      { username: uniqueUsername(), password: strongPassword() },
    ],
    ['PATCH /api/users/:id', 'patch', (id) => `/api/users/${id}`, { name: 'Changed' }],
    ['DELETE /api/users/:id', 'delete', (id) => `/api/users/${id}`],
  ];

  function call(method: string, path: string, token?: string, body?: object) {
    return method === 'get'
      ? context.client.get(path, token)
      : context.client.send(method as 'post' | 'patch' | 'delete', path, token, body);
  }

  it.each(routes)(
    'refuses %s to a non-admin with 403 forbidden',
    async (_name, method, path, body) => {
      const { user } = await createUser(context);
      const { tokens } = await createLoggedInUser(context);
      const response = await call(method, path(user.id), tokens.access_token, body);
      expectProblem(response, 403, 'forbidden');
    },
  );

  it.each(routes)(
    'refuses %s without a token with 401 token_missing and WWW-Authenticate: Bearer',
    async (_name, method, path, body) => {
      const { user } = await createUser(context);
      const response = await call(method, path(user.id), undefined, body);
      expectProblem(response, 401, 'token_missing');
      expect(response.headers['www-authenticate']).toMatch(/^Bearer\b/);
    },
  );

  it('does not let a non-admin give themself the admin role', async () => {
    const { user, tokens } = await createLoggedInUser(context);
    const response = await context.client.send(
      'patch',
      `/api/users/${user.id}`,
      tokens.access_token,
      { roles: ['admin'] },
    );
    expectProblem(response, 403, 'forbidden');
    const read = await context.client.get(`/api/users/${user.id}`, context.admin);
    expect(read.body.roles).toEqual(['user']);
  });

  it('does not let a non-admin delete another user', async () => {
    const { user } = await createUser(context);
    const { tokens } = await createLoggedInUser(context);
    const response = await context.client.send(
      'delete',
      `/api/users/${user.id}`,
      tokens.access_token,
    );
    expectProblem(response, 403, 'forbidden');
    expectJson(await context.client.get(`/api/users/${user.id}`, context.admin), 200);
  });
});

describe('the last enabled admin', () => {
  // No test here leaves a second enabled admin behind: the seeded admin stays the only one.
  const context = useTestApp();

  async function seededAdminId(): Promise<string> {
    const response = await context.client.get('/api/users/me', context.admin);
    expectJson(response, 200);
    return response.body.id as string;
  }

  it('refuses to delete the last enabled admin with 409 last_admin', async () => {
    const id = await seededAdminId();
    const response = await context.client.send('delete', `/api/users/${id}`, context.admin);
    expectProblem(response, 409, 'last_admin');
    expectJson(await context.client.get(`/api/users/${id}`, context.admin), 200);
    expect((await context.client.login(ADMIN.username, ADMIN.password)).response.status).toBe(200);
  });

  it('refuses to disable the last enabled admin with 409 last_admin', async () => {
    const id = await seededAdminId();
    const response = await context.client.send('patch', `/api/users/${id}`, context.admin, {
      disabled: true,
    });
    expectProblem(response, 409, 'last_admin');
    const read = await context.client.get(`/api/users/${id}`, context.admin);
    expect(read.body.disabled).toBe(false);
  });

  it('refuses to take the admin role from the last enabled admin with 409 last_admin', async () => {
    const id = await seededAdminId();
    const response = await context.client.send('patch', `/api/users/${id}`, context.admin, {
      roles: ['user'],
    });
    expectProblem(response, 409, 'last_admin');
    const read = await context.client.get(`/api/users/${id}`, context.admin);
    expectJson(read, 200);
    expect(read.body.roles).toEqual(['admin']);
  });

  it('changes nothing else in a request refused with 409 last_admin', async () => {
    const id = await seededAdminId();
    const before = await context.client.get(`/api/users/${id}`, context.admin);
    const response = await context.client.send('patch', `/api/users/${id}`, context.admin, {
      roles: ['user'],
      name: 'Not Applied',
    });
    expectProblem(response, 409, 'last_admin');
    const after = await context.client.get(`/api/users/${id}`, context.admin);
    expect(after.body.name).toBe(before.body.name);
  });

  it('does not count a disabled admin as another admin', async () => {
    const { user } = await createUser(context, { roles: ['admin'] });
    await context.client.send('patch', `/api/users/${user.id}`, context.admin, { disabled: true });
    const id = await seededAdminId();
    const response = await context.client.send('delete', `/api/users/${id}`, context.admin);
    expectProblem(response, 409, 'last_admin');
  });
});

describe('removing an admin while another enabled admin remains', () => {
  const context = useTestApp();

  /** Two fresh admins of this test's own; the first is logged in. */
  async function twoAdmins() {
    const caller = await createLoggedInUser(context, { roles: ['admin'] });
    const { user: target } = await createUser(context, { roles: ['admin'] });
    return { token: caller.tokens.access_token, target };
  }

  it('deletes an admin with 204 once a second enabled admin exists', async () => {
    const { token, target } = await twoAdmins();
    const response = await context.client.send('delete', `/api/users/${target.id}`, token);
    expect(response.status).toBe(204);
  });

  it('disables an admin once a second enabled admin exists', async () => {
    const { token, target } = await twoAdmins();
    const response = await context.client.send('patch', `/api/users/${target.id}`, token, {
      disabled: true,
    });
    expectJson(response, 200);
    expect(response.body.disabled).toBe(true);
  });

  it('takes the admin role from an admin once a second enabled admin exists', async () => {
    const { token, target } = await twoAdmins();
    const response = await context.client.send('patch', `/api/users/${target.id}`, token, {
      roles: ['user'],
    });
    expectJson(response, 200);
    expect(response.body.roles).toEqual(['user']);
  });
});

describe('the last enabled admin after the seeded admin is gone', () => {
  // One test only: it deletes the seeded admin, which no other test could then use.
  const context = useTestApp();

  it('applies last_admin to whichever admin is left', async () => {
    const second = await createLoggedInUser(context, { roles: ['admin'] });
    const token = second.tokens.access_token;
    const seeded = await context.client.get('/api/users/me', context.admin);
    const removed = await context.client.send('delete', `/api/users/${seeded.body.id}`, token);
    expect(removed.status).toBe(204);
    const response = await context.client.send('delete', `/api/users/${second.user.id}`, token);
    expectProblem(response, 409, 'last_admin');
  });
});

describe('passwords longer than the 72 bytes bcrypt reads', () => {
  const context = useTestApp();

  /** Two passwords whose first 72 bytes are the same. */
  function sharingFirst72Bytes() {
    const head = strongPassword().padEnd(72, 'k');
    return { real: `${head}-real-tail`, other: `${head}-other-tail`, head };
  }

  async function expectOnlyTheRealPasswordLogsIn(
    username: string,
    { real, other, head }: ReturnType<typeof sharingFirst72Bytes>,
  ) {
    const wrong = await context.client.login(username, other);
    expectProblem(wrong.response, 401, 'invalid_credentials');
    const truncated = await context.client.login(username, head);
    expectProblem(truncated.response, 401, 'invalid_credentials');
    expect((await context.client.login(username, real)).response.status).toBe(200);
  }

  it('refuses another password sharing the first 72 bytes of one set by POST /api/users', async () => {
    const passwords = sharingFirst72Bytes();
    const { user } = await createUser(context, { password: passwords.real });
    await expectOnlyTheRealPasswordLogsIn(user.username, passwords);
  });

  it('refuses another password sharing the first 72 bytes of one set by PATCH /api/users/:id', async () => {
    const passwords = sharingFirst72Bytes();
    const { user } = await createUser(context);
    const response = await context.client.send('patch', `/api/users/${user.id}`, context.admin, {
      password: passwords.real,
    });
    expectJson(response, 200);
    await expectOnlyTheRealPasswordLogsIn(user.username, passwords);
  });

  it('refuses another password sharing the first 72 bytes of one set by register', async () => {
    const passwords = sharingFirst72Bytes();
    const { response, body } = await context.client.register({ password: passwords.real });
    expect(response.status).toBe(201);
    await expectOnlyTheRealPasswordLogsIn(body.username, passwords);
  });

  it('refuses another password sharing the first 72 bytes of multi-byte characters', async () => {
    const head = `${strongPassword()}${'\u00e9'.repeat(40)}`;
    const real = `${head}\u00e9tail`;
    const { user } = await createUser(context, { password: real });
    const { response } = await context.client.login(user.username, `${head}\u00e8tail`);
    expectProblem(response, 401, 'invalid_credentials');
    expect((await context.client.login(user.username, real)).response.status).toBe(200);
  });
});
