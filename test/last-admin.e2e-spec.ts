import { ADMIN, expectJson, expectProblem } from './support/api.js';
import { createUser, createLoggedInUser, useAdminApp } from './support/users.js';

describe('the last enabled admin', () => {
  // No test here leaves a second enabled admin behind: the seeded admin stays the only one.
  const context = useAdminApp();

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
  const context = useAdminApp();

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
  const context = useAdminApp();

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
