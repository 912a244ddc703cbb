import type { Response } from 'supertest';
import { expectProblem, expectValidationError, type TokenResponse } from './support/api.js';
import { useTestApp } from './support/test-app.js';

const COOKIE_NAMES = ['access_token', 'csrf_token', 'refresh_token'];

interface SetCookie {
  name: string;
  value: string;
  /** Attribute names lower-cased; flags map to `true`. */
  attributes: Record<string, string | true>;
}

function setCookies(response: Response): SetCookie[] {
  const header = response.headers['set-cookie'] as string[] | string | undefined;
  const lines = header === undefined ? [] : Array.isArray(header) ? header : [header];
  return lines.map((line) => {
    const [pair, ...parts] = line.split(';').map((part) => part.trim());
    const separator = pair.indexOf('=');
    const attributes: Record<string, string | true> = {};
    for (const part of parts) {
      const equals = part.indexOf('=');
      if (equals === -1) attributes[part.toLowerCase()] = true;
      else attributes[part.slice(0, equals).toLowerCase()] = part.slice(equals + 1);
    }
    return { name: pair.slice(0, separator), value: pair.slice(separator + 1), attributes };
  });
}

function cookieMap(response: Response): Map<string, SetCookie> {
  return new Map(setCookies(response).map((cookie) => [cookie.name, cookie]));
}

/** The three cookies with the contract's flags, and the token values they carry. */
function expectTokenCookies(response: Response, sameSite: 'Lax' | 'Strict' = 'Lax') {
  const cookies = setCookies(response);
  expect(cookies.map((cookie) => cookie.name).sort()).toEqual(COOKIE_NAMES);
  const byName = cookieMap(response);
  const access = byName.get('access_token') as SetCookie;
  const refresh = byName.get('refresh_token') as SetCookie;
  const csrf = byName.get('csrf_token') as SetCookie;
  expect(access.attributes.httponly).toBe(true);
  expect(access.attributes.path).toBe('/');
  expect(refresh.attributes.httponly).toBe(true);
  expect(refresh.attributes.path).toBe('/api/auth');
  expect(csrf.attributes.httponly).toBeUndefined();
  expect(csrf.attributes.path).toBe('/');
  expect(csrf.value.length).toBeGreaterThanOrEqual(16);
  for (const cookie of cookies) {
    expect(cookie.attributes.samesite).toBe(sameSite);
    // NODE_ENV=test: not Secure, so that plain-http test clients still get them.
    expect(cookie.attributes.secure).toBeUndefined();
    expect(cookie.value).not.toBe('');
  }
  const body = response.body as TokenResponse;
  expect(decodeURIComponent(access.value)).toBe(body.access_token);
  expect(decodeURIComponent(refresh.value)).toBe(body.refresh_token);
  return { access: access.value, refresh: refresh.value, csrf: csrf.value };
}

type Jar = ReturnType<typeof expectTokenCookies>;

function cookieHeader(values: Record<string, string>): string {
  return Object.entries(values)
    .map(([name, value]) => `${name}=${value}`)
    .join('; ');
}

describe('cookie mode (AUTH_COOKIES=true)', () => {
  const { client } = useTestApp({ AUTH_COOKIES: 'true', COOKIE_SAMESITE: undefined });

  async function signedIn(): Promise<{ jar: Jar; tokens: TokenResponse }> {
    const { response, tokens } = await client.register();
    expect(response.status).toBe(201);
    return { jar: expectTokenCookies(response), tokens };
  }

  it('sets exactly the access, refresh and CSRF cookies with their flags on register', async () => {
    const { response } = await client.register();
    expect(response.status).toBe(201);
    expectTokenCookies(response);
  });

  it('sets the cookies on login', async () => {
    const { body } = await client.register();
    const { response } = await client.login(body.username, body.password);
    expect(response.status).toBe(200);
    expectTokenCookies(response);
  });

  it('sets the cookies on refresh, with a new CSRF token', async () => {
    const { jar, tokens } = await signedIn();
    const response = await client.refresh(tokens.refresh_token);
    expect(response.status).toBe(200);
    const renewed = expectTokenCookies(response);
    expect(renewed.csrf).not.toBe(jar.csrf);
  });

  it('accepts a cookie-authenticated safe request without a CSRF token', async () => {
    const { jar, tokens } = await signedIn();
    const response = await client
      .http()
      .get('/api/users/me')
      .set('Cookie', cookieHeader({ access_token: jar.access }));
    expect(response.status).toBe(200);
    expect(response.body.id).toBe(tokens.user.id);
  });

  it('refuses a cookie-authenticated PATCH without X-CSRF-Token (403 csrf_failed)', async () => {
    const { jar } = await signedIn();
    const response = await client
      .http()
      .patch('/api/users/me')
      .set('Cookie', cookieHeader({ access_token: jar.access, csrf_token: jar.csrf }))
      .send({ name: 'Forged' });
    expectProblem(response, 403, 'csrf_failed');
  });

  it('refuses a cookie-authenticated PATCH with a wrong X-CSRF-Token (403 csrf_failed)', async () => {
    const { jar } = await signedIn();
    const wrong = `${jar.csrf.slice(0, -1)}${jar.csrf.endsWith('A') ? 'B' : 'A'}`;
    const response = await client
      .http()
      .patch('/api/users/me')
      .set('Cookie', cookieHeader({ access_token: jar.access, csrf_token: jar.csrf }))
      .set('X-CSRF-Token', wrong)
      .send({ name: 'Forged' });
    expectProblem(response, 403, 'csrf_failed');
  });

  it('refuses a cookie-authenticated PATCH whose CSRF cookie is missing, whatever the header says', async () => {
    const { jar } = await signedIn();
    const response = await client
      .http()
      .patch('/api/users/me')
      .set('Cookie', cookieHeader({ access_token: jar.access }))
      .set('X-CSRF-Token', jar.csrf)
      .send({ name: 'Forged' });
    expectProblem(response, 403, 'csrf_failed');
  });

  it('does not apply a cookie-authenticated PATCH refused for CSRF', async () => {
    const { jar, tokens } = await signedIn();
    await client
      .http()
      .patch('/api/users/me')
      .set('Cookie', cookieHeader({ access_token: jar.access, csrf_token: jar.csrf }))
      .send({ name: 'Forged' });
    const me = await client.get('/api/users/me', tokens.access_token);
    expect(me.body.name).toBeNull();
  });

  it('accepts a cookie-authenticated PATCH with the right X-CSRF-Token', async () => {
    const { jar } = await signedIn();
    const response = await client
      .http()
      .patch('/api/users/me')
      .set('Cookie', cookieHeader({ access_token: jar.access, csrf_token: jar.csrf }))
      .set('X-CSRF-Token', jar.csrf)
      .send({ name: 'Cookie User' });
    expect(response.status).toBe(200);
    expect(response.body.name).toBe('Cookie User');
  });

  it('refuses a cookie-authenticated logout without X-CSRF-Token (403 csrf_failed) and keeps the session', async () => {
    const { jar, tokens } = await signedIn();
    const response = await client
      .http()
      .post('/api/auth/logout')
      .set('Cookie', cookieHeader({ access_token: jar.access, csrf_token: jar.csrf }));
    expectProblem(response, 403, 'csrf_failed');
    expect((await client.get('/api/users/me', tokens.access_token)).status).toBe(200);
  });

  it('refuses a cookie-authenticated logout with a wrong X-CSRF-Token (403 csrf_failed)', async () => {
    const { jar } = await signedIn();
    const response = await client
      .http()
      .post('/api/auth/logout')
      .set('Cookie', cookieHeader({ access_token: jar.access, csrf_token: jar.csrf }))
      .set('X-CSRF-Token', 'not-the-token');
    expectProblem(response, 403, 'csrf_failed');
  });

  it('logs out with the right X-CSRF-Token and clears the three cookies (Max-Age=0)', async () => {
    const { jar, tokens } = await signedIn();
    const response = await client
      .http()
      .post('/api/auth/logout')
      .set('Cookie', cookieHeader({ access_token: jar.access, csrf_token: jar.csrf }))
      .set('X-CSRF-Token', jar.csrf);
    expect(response.status).toBe(204);
    const cleared = cookieMap(response);
    expect([...cleared.keys()].sort()).toEqual(COOKIE_NAMES);
    for (const cookie of cleared.values()) {
      expect(cookie.value).toBe('');
      expect(cookie.attributes['max-age']).toBe('0');
    }
    expect(cleared.get('access_token')?.attributes.path).toBe('/');
    expect(cleared.get('refresh_token')?.attributes.path).toBe('/api/auth');
    expect(cleared.get('csrf_token')?.attributes.path).toBe('/');
    expectProblem(await client.get('/api/users/me', tokens.access_token), 401, 'token_revoked');
  });

  it('refuses a refresh from the refresh_token cookie without X-CSRF-Token (403 csrf_failed)', async () => {
    const { jar } = await signedIn();
    const response = await client
      .http()
      .post('/api/auth/refresh')
      .set('Cookie', cookieHeader({ refresh_token: jar.refresh, csrf_token: jar.csrf }));
    expectProblem(response, 403, 'csrf_failed');
  });

  it('refreshes from the refresh_token cookie with the right X-CSRF-Token', async () => {
    const { jar } = await signedIn();
    const response = await client
      .http()
      .post('/api/auth/refresh')
      .set('Cookie', cookieHeader({ refresh_token: jar.refresh, csrf_token: jar.csrf }))
      .set('X-CSRF-Token', jar.csrf);
    expect(response.status).toBe(200);
    expectTokenCookies(response);
  });

  it.each<[string, (refreshToken: string) => unknown]>([
    ['null', () => null],
    ['a number', () => 1],
    ['an object', () => ({})],
    ['an empty array', () => []],
    ['an array holding the token', (refreshToken) => [refreshToken]],
  ])(
    'refuses a body refresh_token that is %s, sent with the cookies and no X-CSRF-Token, with 400 validation_failed',
    async (_shape, bodyValue) => {
      const { jar, tokens } = await signedIn();
      const response = await client
        .http()
        .post('/api/auth/refresh')
        .set('Cookie', cookieHeader({ refresh_token: jar.refresh, csrf_token: jar.csrf }))
        .send({ refresh_token: bodyValue(tokens.refresh_token) });
      expectValidationError(response, 'refresh_token');
      expect(response.headers['set-cookie']).toBeUndefined();
    },
  );

  it('refreshes with a body refresh_token without a CSRF token, even when cookies are sent', async () => {
    const { jar, tokens } = await signedIn();
    const response = await client
      .http()
      .post('/api/auth/refresh')
      .set('Cookie', cookieHeader({ access_token: jar.access, csrf_token: jar.csrf }))
      .send({ refresh_token: tokens.refresh_token });
    expect(response.status).toBe(200);
  });

  it('needs no CSRF token for a Bearer-authenticated unsafe request, even when cookies are sent', async () => {
    const { jar, tokens } = await signedIn();
    const response = await client
      .http()
      .patch('/api/users/me')
      .set('Authorization', `Bearer ${tokens.access_token}`)
      .set('Cookie', cookieHeader({ access_token: jar.access, csrf_token: jar.csrf }))
      .send({ name: 'Bearer User' });
    expect(response.status).toBe(200);
    expect(response.body.name).toBe('Bearer User');
  });

  it('needs no CSRF token for a Bearer-authenticated logout', async () => {
    const { jar, tokens } = await signedIn();
    const response = await client
      .http()
      .post('/api/auth/logout')
      .set('Authorization', `Bearer ${tokens.access_token}`)
      .set('Cookie', cookieHeader({ access_token: jar.access, csrf_token: jar.csrf }));
    expect(response.status).toBe(204);
  });
});

describe('cookie mode with COOKIE_SAMESITE=strict', () => {
  const { client } = useTestApp({ AUTH_COOKIES: 'true', COOKIE_SAMESITE: 'strict' });

  it('sets the cookies SameSite=Strict', async () => {
    const { response } = await client.register();
    expect(response.status).toBe(201);
    expectTokenCookies(response, 'Strict');
  });
});

describe('cookies off (AUTH_COOKIES=false)', () => {
  const { client } = useTestApp({ AUTH_COOKIES: 'false' });

  it('sets no cookie on register, login or refresh', async () => {
    const { response, body, tokens } = await client.register();
    expect(response.status).toBe(201);
    expect(response.headers['set-cookie']).toBeUndefined();
    const login = await client.login(body.username, body.password);
    expect(login.response.status).toBe(200);
    expect(login.response.headers['set-cookie']).toBeUndefined();
    const refresh = await client.refresh(tokens.refresh_token);
    expect(refresh.status).toBe(200);
    expect(refresh.headers['set-cookie']).toBeUndefined();
  });

  it('does not accept an access_token cookie alone (401 token_missing)', async () => {
    const { tokens } = await client.register();
    const response = await client
      .http()
      .get('/api/users/me')
      .set('Cookie', cookieHeader({ access_token: tokens.access_token }));
    expectProblem(response, 401, 'token_missing');
    expect(response.headers['www-authenticate']).toBe('Bearer');
  });
});

describe('CORS (CORS_ORIGINS=http://app.example)', () => {
  const ALLOWED = 'http://app.example';
  const { client } = useTestApp({ CORS_ORIGINS: ALLOWED, AUTH_COOKIES: 'true' });

  const REQUEST_HEADERS = ['Authorization', 'Content-Type', 'X-CSRF-Token', 'X-Request-Id'];

  function listOf(header: string | undefined): string[] {
    return (header ?? '').split(',').map((item) => item.trim().toLowerCase());
  }

  function preflight(origin: string) {
    return client
      .http()
      .options('/api/auth/login')
      .set('Origin', origin)
      .set('Access-Control-Request-Method', 'POST')
      .set('Access-Control-Request-Headers', 'content-type, x-csrf-token');
  }

  it('allows a preflight from a listed origin, with credentials', async () => {
    const response = await preflight(ALLOWED);
    expect(response.status).toBeLessThan(300);
    expect(response.headers['access-control-allow-origin']).toBe(ALLOWED);
    expect(response.headers['access-control-allow-credentials']).toBe('true');
  });

  it('gives no Access-Control-Allow-Origin to a preflight from another origin', async () => {
    const response = await preflight('http://evil.example');
    expect(response.headers['access-control-allow-origin']).toBeUndefined();
  });

  it('gives no Access-Control-Allow-Origin to an actual request from another origin', async () => {
    const response = await client.http().get('/health').set('Origin', 'http://evil.example');
    expect(response.headers['access-control-allow-origin']).toBeUndefined();
  });

  it.each(['PATCH', 'DELETE'])(
    'allows a %s preflight from a listed origin with every request header the API takes',
    async (method) => {
      const response = await client
        .http()
        .options('/api/users/me')
        .set('Origin', ALLOWED)
        .set('Access-Control-Request-Method', method)
        .set('Access-Control-Request-Headers', REQUEST_HEADERS.join(', '));
      expect(response.status).toBe(204);
      expect(response.headers['access-control-allow-origin']).toBe(ALLOWED);
      expect(response.headers['access-control-allow-credentials']).toBe('true');
      const methods = listOf(response.headers['access-control-allow-methods']);
      expect(methods).toEqual(expect.arrayContaining(['get', 'post', 'patch', 'delete']));
      const headers = listOf(response.headers['access-control-allow-headers']);
      expect(headers).toEqual(expect.arrayContaining(REQUEST_HEADERS.map((h) => h.toLowerCase())));
    },
  );

  it('grants nothing to a PATCH preflight from another origin', async () => {
    const response = await client
      .http()
      .options('/api/users/me')
      .set('Origin', 'http://evil.example')
      .set('Access-Control-Request-Method', 'PATCH')
      .set('Access-Control-Request-Headers', REQUEST_HEADERS.join(', '));
    const granted = Object.keys(response.headers).filter((name) =>
      name.startsWith('access-control-'),
    );
    expect(granted).toEqual([]);
  });

  it('never answers a credentialed request with a wildcard origin', async () => {
    const response = await client.http().get('/health').set('Origin', ALLOWED);
    expect(response.headers['access-control-allow-origin']).toBe(ALLOWED);
    expect(response.headers['access-control-allow-credentials']).toBe('true');
  });
});
