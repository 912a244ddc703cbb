import { randomUUID } from 'node:crypto';
import { expectNoSecrets, expectProblem } from './support/api.js';
import { createUser, createLoggedInUser, useAdminApp } from './support/users.js';

describe('DELETE /api/users/:id', () => {
  const context = useAdminApp();

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
