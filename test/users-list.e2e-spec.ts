import { expectJson, expectValidationError, uniqueUsername } from './support/api.js';
import {
  type UserBody,
  createUser,
  walkPages,
  byUsernameIgnoringCase,
  useAdminApp,
} from './support/users.js';

describe('GET /api/users', () => {
  const context = useAdminApp();

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
