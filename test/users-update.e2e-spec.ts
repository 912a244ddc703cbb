import { randomUUID } from 'node:crypto';
import {
  expectJson,
  expectValidationError,
  expectProblem,
  strongPassword,
  uniqueUsername,
} from './support/api.js';
import { createUser, createLoggedInUser, useAdminApp } from './support/users.js';

describe('PATCH /api/users/:id', () => {
  const context = useAdminApp();

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
