import { randomUUID } from 'node:crypto';
import { expectJson, expectProblem, strongPassword, uniqueUsername } from './support/api.js';
import { createUser, createLoggedInUser, useAdminApp } from './support/users.js';

describe('GET /api/users/:id', () => {
  const context = useAdminApp();

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

describe('admin routes for callers who are not admins', () => {
  const context = useAdminApp();

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
