import { randomBytes } from 'node:crypto';
import {
  expectJson,
  expectNoSecrets,
  expectValidationError,
  expectProblem,
  strongPassword,
  uniqueUsername,
} from './support/api.js';
import { createUser, useAdminApp } from './support/users.js';

describe('POST /api/users', () => {
  const context = useAdminApp();

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

describe('passwords longer than the 72 bytes bcrypt reads', () => {
  const context = useAdminApp();

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
