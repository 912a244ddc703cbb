import type { Response } from 'supertest';
import {
  expectNoSecrets,
  expectProblem,
  expectRefusedAccess,
  type TokenResponse,
} from './support/api.js';
import { useTestApp } from './support/test-app.js';
import { decodeJwt } from './support/tokens.js';

const HOUR = 60 * 60;

function expectTokenResponse(response: Response): TokenResponse {
  expect(response.status).toBe(200);
  expect(response.headers['content-type']).toMatch(/^application\/json/);
  expect(response.body).toMatchObject({ token_type: 'Bearer' });
  expect(typeof response.body.access_token).toBe('string');
  expect(typeof response.body.refresh_token).toBe('string');
  expectNoSecrets(response);
  return response.body as TokenResponse;
}

describe('refresh with the default reuse interval', () => {
  const { client } = useTestApp();

  it('rotates: a refresh answers a new access token and a new refresh token', async () => {
    const { tokens } = await client.register();
    const rotated = expectTokenResponse(await client.refresh(tokens.refresh_token));
    expect(rotated.access_token).not.toBe(tokens.access_token);
    expect(rotated.refresh_token).not.toBe(tokens.refresh_token);
    expect(rotated.user.id).toBe(tokens.user.id);
    expect((await client.get('/api/users/me', rotated.access_token)).status).toBe(200);
  });

  it('marks refresh answers Cache-Control: no-store', async () => {
    const { tokens } = await client.register();
    const response = await client.refresh(tokens.refresh_token);
    expect(response.status).toBe(200);
    expect(response.headers['cache-control']).toBe('no-store');
  });

  it('answers the same successor (and a new access token) for the just-rotated token within the reuse interval', async () => {
    const { tokens } = await client.register();
    const first = expectTokenResponse(await client.refresh(tokens.refresh_token));
    const again = expectTokenResponse(await client.refresh(tokens.refresh_token));
    expect(again.refresh_token).toBe(first.refresh_token);
    expect(again.access_token).not.toBe(first.access_token);
  });

  it('keeps the session live when the just-rotated token is sent again within the reuse interval', async () => {
    const { tokens } = await client.register();
    const first = expectTokenResponse(await client.refresh(tokens.refresh_token));
    const again = expectTokenResponse(await client.refresh(tokens.refresh_token));
    expect((await client.get('/api/users/me', first.access_token)).status).toBe(200);
    expect((await client.get('/api/users/me', again.access_token)).status).toBe(200);
    expectTokenResponse(await client.refresh(again.refresh_token));
  });

  it('answers 20 concurrent refreshes with one token all with one and the same successor', async () => {
    const { tokens } = await client.register();
    const responses = await Promise.all(
      Array.from({ length: 20 }, () => client.refresh(tokens.refresh_token)),
    );
    const successors = new Set(
      responses.map((response) => expectTokenResponse(response).refresh_token),
    );
    expect(successors.size).toBe(1);
    expect(successors.has(tokens.refresh_token)).toBe(false);
  });

  it('keeps exactly one live session after concurrent refreshes with one token, and its successor refreshes', async () => {
    const { tokens } = await client.register();
    const responses = await Promise.all(
      Array.from({ length: 20 }, () => client.refresh(tokens.refresh_token)),
    );
    const rotated = responses.map(expectTokenResponse);
    const sessions = await client.get('/api/auth/sessions', rotated[0].access_token);
    expect(sessions.status).toBe(200);
    expect(sessions.body).toHaveLength(1);
    expect(sessions.body[0].id).toBe(decodeJwt(tokens.access_token).payload.sid);
    const next = expectTokenResponse(await client.refresh(rotated[0].refresh_token));
    expect((await client.get('/api/users/me', next.access_token)).status).toBe(200);
  });

  it('treats a token two rotations back as reuse even within the reuse interval', async () => {
    const { tokens } = await client.register();
    const first = expectTokenResponse(await client.refresh(tokens.refresh_token));
    const second = expectTokenResponse(await client.refresh(first.refresh_token));
    expectProblem(await client.refresh(tokens.refresh_token), 401, 'refresh_token_reused');
    expectProblem(await client.refresh(second.refresh_token), 401, 'token_revoked');
    expectRefusedAccess(await client.get('/api/users/me', second.access_token), 'token_revoked');
  });

  it('refuses a garbage refresh token with 401 token_invalid', async () => {
    expectProblem(await client.refresh('not-a-refresh-token'), 401, 'token_invalid');
  });

  it('refuses a well-shaped refresh token it never issued with 401 token_invalid', async () => {
    const unknown = `rt_${Buffer.alloc(32, 7).toString('base64url')}`;
    expectProblem(await client.refresh(unknown), 401, 'token_invalid');
  });

  it('refuses an empty refresh token with 401 token_invalid', async () => {
    expectProblem(await client.refresh(''), 401, 'token_invalid');
  });

  it('refuses an access token sent as a refresh token with 401 token_invalid', async () => {
    const { tokens } = await client.register();
    expectProblem(await client.refresh(tokens.access_token), 401, 'token_invalid');
  });

  it('refuses a refresh without a refresh token (no body, no cookie) with 400 validation_failed', async () => {
    const response = await client.http().post('/api/auth/refresh');
    expectProblem(response, 400, 'validation_failed');
  });

  it('refuses an unknown field in the refresh body with 400 validation_failed', async () => {
    const { tokens } = await client.register();
    const response = await client
      .http()
      .post('/api/auth/refresh')
      .send({ refresh_token: tokens.refresh_token, extra: true });
    expectProblem(response, 400, 'validation_failed');
  });

  it('refuses a refresh token sent as an access token with 401 token_invalid', async () => {
    const { tokens } = await client.register();
    expectRefusedAccess(await client.get('/api/users/me', tokens.refresh_token), 'token_invalid');
  });

  it('mints fresh=true access tokens on register and login', async () => {
    const { tokens, body } = await client.register();
    const { tokens: loggedIn } = await client.login(body.username, body.password);
    expect(decodeJwt(tokens.access_token).payload.fresh).toBe(true);
    expect(decodeJwt(loggedIn.access_token).payload.fresh).toBe(true);
  });

  it('mints fresh=false access tokens on refresh', async () => {
    const { tokens } = await client.register();
    const rotated = expectTokenResponse(await client.refresh(tokens.refresh_token));
    expect(decodeJwt(rotated.access_token).payload.fresh).toBe(false);
  });

  it('mints refreshed access tokens with typ at+jwt and the contract claims of the same session', async () => {
    const { tokens } = await client.register();
    const rotated = expectTokenResponse(await client.refresh(tokens.refresh_token));
    const { header, payload } = decodeJwt(rotated.access_token);
    const original = decodeJwt(tokens.access_token).payload;
    expect(header.typ).toBe('at+jwt');
    expect(typeof header.kid).toBe('string');
    expect(payload).toMatchObject({
      iss: 'auth-service',
      aud: 'auth-service',
      sub: tokens.user.id,
      sid: original.sid,
      roles: ['user'],
    });
    expect(typeof payload.jti).toBe('string');
    expect(payload.jti).not.toBe(original.jti);
    expect(typeof payload.iat).toBe('number');
    expect(typeof payload.exp).toBe('number');
    expect((payload.exp as number) - (payload.iat as number)).toBe(rotated.expires_in);
    expect(JSON.stringify(payload)).not.toContain(rotated.refresh_token);
  });

  it("answers account_disabled for a disabled user's refresh token", async () => {
    const { tokens } = await client.register();
    const admin = await client.loginAsAdmin();
    const patched = await client.send('patch', `/api/users/${tokens.user.id}`, admin.access_token, {
      disabled: true,
    });
    expect(patched.status).toBe(200);
    expectProblem(await client.refresh(tokens.refresh_token), 401, 'account_disabled');
  });
});

describe('refresh with a one-second reuse interval', () => {
  const { client, clock } = useTestApp({ JWT_REFRESH_REUSE_INTERVAL: '1' });

  it('answers 401 refresh_token_reused for a rotated token presented after the reuse interval', async () => {
    const { tokens } = await client.register();
    expectTokenResponse(await client.refresh(tokens.refresh_token));
    clock.advance(2);
    expectProblem(await client.refresh(tokens.refresh_token), 401, 'refresh_token_reused');
  });

  it('revokes every token of the session once reuse is detected', async () => {
    const { tokens } = await client.register();
    const rotated = expectTokenResponse(await client.refresh(tokens.refresh_token));
    clock.advance(2);
    expectProblem(await client.refresh(tokens.refresh_token), 401, 'refresh_token_reused');
    expectProblem(await client.refresh(rotated.refresh_token), 401, 'token_revoked');
    expectRefusedAccess(await client.get('/api/users/me', rotated.access_token), 'token_revoked');
    expectRefusedAccess(await client.get('/api/users/me', tokens.access_token), 'token_revoked');
  });

  it("leaves the reusing user's other sessions alone", async () => {
    const { tokens, body } = await client.register();
    const { tokens: other } = await client.login(body.username, body.password);
    expectTokenResponse(await client.refresh(tokens.refresh_token));
    clock.advance(2);
    expectProblem(await client.refresh(tokens.refresh_token), 401, 'refresh_token_reused');
    expect((await client.get('/api/users/me', other.access_token)).status).toBe(200);
    expectTokenResponse(await client.refresh(other.refresh_token));
  });
});

describe('refresh token lifetime', () => {
  const { client, clock } = useTestApp({ JWT_REFRESH_TTL: '1h' });

  it('answers 401 token_expired for a refresh token past JWT_REFRESH_TTL', async () => {
    const { tokens } = await client.register();
    expect(tokens.refresh_expires_in).toBeLessThanOrEqual(HOUR);
    clock.advance(HOUR + 1);
    expectProblem(await client.refresh(tokens.refresh_token), 401, 'token_expired');
  });
});

describe('session cap', () => {
  const { client, clock } = useTestApp({ JWT_SESSION_MAX_AGE: '2h', JWT_REFRESH_TTL: '14d' });

  it('keeps refreshing until JWT_SESSION_MAX_AGE after login, then answers 401 token_expired', async () => {
    const { tokens } = await client.register();
    const first = expectTokenResponse(await client.refresh(tokens.refresh_token));
    clock.advance(HOUR);
    const second = expectTokenResponse(await client.refresh(first.refresh_token));
    clock.advance(HOUR + 1);
    expectProblem(await client.refresh(second.refresh_token), 401, 'token_expired');
  });

  it('never answers a refresh_expires_in beyond the remaining session cap', async () => {
    const { tokens } = await client.register();
    expect(tokens.refresh_expires_in).toBeLessThanOrEqual(2 * HOUR);
    const first = expectTokenResponse(await client.refresh(tokens.refresh_token));
    expect(first.refresh_expires_in).toBeLessThanOrEqual(2 * HOUR);
    clock.advance(HOUR);
    const second = expectTokenResponse(await client.refresh(first.refresh_token));
    expect(second.refresh_expires_in).toBeLessThanOrEqual(HOUR);
  });
});
