import { expectNoSecrets, expectProblem, strongPassword, uniqueUsername } from './support/api.js';
import { useTestApp } from './support/test-app.js';

describe('register and login', () => {
  const { client } = useTestApp();

  it('registers a user and answers with the token response', async () => {
    const { response, body } = await client.register({ email: 'new@example.com', name: 'New' });
    expect(response.status).toBe(201);
    expect(response.headers['cache-control']).toBe('no-store');
    expect(response.body).toMatchObject({
      token_type: 'Bearer',
      expires_in: 900,
      refresh_expires_in: 1209600,
      user: {
        username: body.username,
        email: 'new@example.com',
        name: 'New',
        roles: ['user'],
        disabled: false,
      },
    });
    expect(typeof response.body.access_token).toBe('string');
    expect(typeof response.body.refresh_token).toBe('string');
    expectNoSecrets(response);
  });

  it('logs in with the registered password, whatever the case of the username', async () => {
    const { body } = await client.register({ username: uniqueUsername('Mixed') });
    const { response } = await client.login(body.username.toUpperCase(), body.password);
    expect(response.status).toBe(200);
    expect(response.body.user.username).toBe(body.username);
  });

  it('refuses a username taken in another case with 409 username_taken', async () => {
    const { body } = await client.register();
    const { response } = await client.register({ username: body.username.toUpperCase() });
    expectProblem(response, 409, 'username_taken');
  });

  it('answers a wrong password and an unknown user with the same 401 invalid_credentials', async () => {
    const { body } = await client.register();
    const wrong = await client.login(body.username, strongPassword());
    const unknown = await client.login(uniqueUsername(), strongPassword());
    expectProblem(wrong.response, 401, 'invalid_credentials');
    expectProblem(unknown.response, 401, 'invalid_credentials');
    expect(wrong.response.body.detail).toBe(unknown.response.body.detail);
  });

  it('calls a protected route with the access token', async () => {
    const { tokens } = await client.register();
    const response = await client.get('/api/users/me', tokens.access_token);
    expect(response.status).toBe(200);
    expect(response.body.id).toBe(tokens.user.id);
    expectNoSecrets(response);
  });

  it('logs in the seeded admin', async () => {
    const tokens = await client.loginAsAdmin();
    expect(tokens.user.roles).toEqual(['admin']);
  });
});
