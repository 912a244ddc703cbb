import fc from 'fast-check';
import type { Response } from 'supertest';
import { ADMIN, expectNoSecrets, expectProblem, strongPassword } from './support/api.js';
import { useTestApp } from './support/test-app.js';

interface Route {
  method: 'post' | 'patch';
  path: string;
  /** Which caller's access token to send, if any. */
  auth: 'none' | 'user' | 'admin';
  fields: string[];
}

/** Bodies per route and attack: 590 x 7 routes = 4,130 requests. */
const RUNS = { anything: 100, json: 60, fields: 250, pollution: 90, sql: 50, rawText: 40 };

const FORBIDDEN_KEYS = ['__proto__', 'constructor', 'prototype'];

const LOOKALIKES = [
  'ａｄｍｉｎ', // full-width
  'ＡＤＭＩＮ',
  'ad\u200dmin', // zero-width joiner
  'ad\u200bmin', // zero-width space
  '\u202eadmin', // right-to-left override
  'admin\u200f', // right-to-left mark
  'аdmin', // Cyrillic а
  'admın', // dotless i
  'ﬁle', // ligature
  'admin\u0000',
  'a\u0301dmin', // combining acute
  '\ufeffadmin', // byte-order mark
  '👩‍💻👩‍💻👩‍💻',
];

const SQL = [
  "' OR 1=1 --",
  "admin' --",
  "admin'/*",
  '"; DROP TABLE users; --',
  "'; DROP TABLE users; --",
  "' UNION SELECT * FROM users --",
  "1; UPDATE users SET roles='admin' --",
  "%' OR '%'='",
  '\\',
  "''",
  '$1',
  ':usernameKey',
];

const HUGE = [
  'a'.repeat(33),
  'a'.repeat(257),
  'ａ'.repeat(5_000),
  '\u200d'.repeat(30_000),
  '💩'.repeat(256),
  '💩'.repeat(257),
  'x'.repeat(101_000), // over the body limit: 413
];

const loneSurrogates = fc.string({
  unit: fc.integer({ min: 0xd800, max: 0xdfff }).map((code) => String.fromCharCode(code)),
  maxLength: 8,
});

/** Strings meant to trip up validation, normalisation, the database or the renderer. */
const hostileString: fc.Arbitrary<string> = fc.oneof(
  fc.string(),
  fc.string({ unit: 'grapheme', maxLength: 40 }),
  fc.string({ unit: 'binary', maxLength: 40 }),
  loneSurrogates,
  fc.constantFrom('', ' ', ...LOOKALIKES, ...SQL, ...HUGE),
  fc.integer({ min: 1, max: 120_000 }).map((n) => 'A'.repeat(n)),
  fc
    .tuple(
      fc.constantFrom('admin', 'user', 'pw-secret-123'),
      fc.constantFrom(...LOOKALIKES, ...SQL),
    )
    .map(([base, extra]) => `${base}${extra}`),
);

/** Any value where a field is expected: wrong types, hostile strings, nesting. */
const fieldValue: fc.Arbitrary<unknown> = fc.oneof(
  hostileString,
  hostileString,
  fc.jsonValue({ maxDepth: 2 }),
  fc.constant(null),
  fc.integer(),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.boolean(),
  fc.array(hostileString, { maxLength: 4 }),
  fc.constantFrom(['admin'], ['user', 'admin'], ['root'], ['admin', 'admin'], []),
  fc.object({ maxDepth: 1 }),
);

function knownFieldBody(fields: string[]): fc.Arbitrary<string> {
  const record = Object.fromEntries(fields.map((field) => [field, fieldValue]));
  return fc
    .tuple(
      fc.record(record, { requiredKeys: [] }),
      fc.option(fc.tuple(fc.string({ maxLength: 10 }), fieldValue), { freq: 4 }),
    )
    .map(([body, extra]) => {
      const withExtra = extra ? { ...body, [extra[0]]: extra[1] } : body;
      return JSON.stringify(withExtra);
    });
}

function sqlBody(fields: string[]): fc.Arbitrary<string> {
  const record = Object.fromEntries(fields.map((field) => [field, fc.constantFrom(...SQL)]));
  return fc.record(record, { requiredKeys: [] }).map((body) => JSON.stringify(body));
}

/**
 * Raw JSON with a prototype-pollution key somewhere below the top level or at it, written as
 * text because JSON.stringify drops `__proto__` from object literals. Sometimes the key is spelt
 * with a `\u` escape, which JSON.parse decodes to the same key.
 */
function pollutedBody(fields: string[]): fc.Arbitrary<string> {
  const step = fc.oneof(
    fc.constant<'[]'>('[]'),
    fc.constantFrom(...fields),
    fc.string({ maxLength: 6 }),
  );
  return fc
    .record({
      key: fc.constantFrom(...FORBIDDEN_KEYS),
      escaped: fc.boolean(),
      payload: fc.oneof(
        fc.constant({ roles: ['admin'], isAdmin: true, polluted: 'yes' }),
        fc.constant({ prototype: { polluted: 'yes' } }),
        fc.jsonValue({ maxDepth: 2 }),
      ),
      path: fc.array(step, { maxLength: 4 }),
      siblings: fc.record(
        Object.fromEntries(
          fields.map((field) => [field, fc.constantFrom('alice_1', strongPassword())]),
        ),
        { requiredKeys: [] },
      ),
    })
    .map(({ key, escaped, payload, path, siblings }) => {
      const name = escaped
        ? `"\\u00${key.charCodeAt(0).toString(16)}${key.slice(1)}"`
        : JSON.stringify(key);
      const known = Object.entries(siblings).map(
        ([field, value]) => `${JSON.stringify(field)}:${JSON.stringify(value)}`,
      );
      const polluted = `${name}:${JSON.stringify(payload)}`;
      // The forbidden key itself at the top, beside real fields.
      if (path.length === 0) return `{${[...known, polluted].join(',')}}`;
      const [holder, ...below] = path;
      let chain = `{${polluted}}`;
      for (const part of below.reverse()) {
        chain = part === '[]' ? `[${chain}]` : `{${JSON.stringify(part)}:${chain}}`;
      }
      if (holder === '[]') chain = `[${chain}]`;
      const top = holder === '[]' ? 'nested' : holder;
      const others = known.filter((entry) => !entry.startsWith(`${JSON.stringify(top)}:`));
      return `{${[...others, `${JSON.stringify(top)}:${chain}`].join(',')}}`;
    });
}

/** Whether JSON.parse meets a prototype-pollution key anywhere in `raw` (checks the generator). */
function hasForbiddenKey(raw: string): boolean {
  let found = false;
  JSON.parse(raw, (key: string, value: unknown) => {
    if (FORBIDDEN_KEYS.includes(key)) found = true;
    return value;
  });
  return found;
}

/** Not JSON, or JSON of the wrong shape entirely. */
const rawText: fc.Arbitrary<string> = fc.oneof(
  fc.string({ maxLength: 60 }),
  fc.constantFrom(
    '{',
    '}',
    '{"username":',
    '[',
    'nul',
    'undefined',
    "{'a':1}",
    '{"a":1,}',
    '\u0000',
    'NaN',
    '{"a":1}{"b":2}',
    '\ufeff{}',
  ),
  fc.jsonValue().map((value) => JSON.stringify(value).slice(0, -1)),
);

describe('hostile input on every route with a body', () => {
  const { client } = useTestApp({
    THROTTLE_LOGIN_LIMIT: '1000000',
    THROTTLE_IP_LIMIT: '1000000',
  });
  let adminToken: string;
  let userToken: string;
  let victimId: string;

  beforeAll(async () => {
    adminToken = (await client.loginAsAdmin()).access_token;
    const user = await client.register();
    expect(user.response.status).toBe(201);
    userToken = user.tokens.access_token;
    const victim = await client.register();
    expect(victim.response.status).toBe(201);
    victimId = victim.tokens.user.id;
  });

  function routes(): Route[] {
    return [
      {
        method: 'post',
        path: '/api/auth/register',
        auth: 'none',
        fields: ['username', 'password', 'email', 'name'],
      },
      { method: 'post', path: '/api/auth/login', auth: 'none', fields: ['username', 'password'] },
      { method: 'post', path: '/api/auth/refresh', auth: 'none', fields: ['refresh_token'] },
      {
        method: 'post',
        path: '/api/auth/change-password',
        auth: 'user',
        fields: ['currentPassword', 'newPassword'],
      },
      { method: 'patch', path: '/api/users/me', auth: 'user', fields: ['email', 'name'] },
      {
        method: 'post',
        path: '/api/users',
        auth: 'admin',
        fields: ['username', 'password', 'email', 'name', 'roles'],
      },
      {
        method: 'patch',
        path: `/api/users/${victimId}`,
        auth: 'admin',
        fields: ['email', 'name', 'roles', 'password', 'disabled'],
      },
    ];
  }

  function send(route: Route, raw: string) {
    const call = client.http()[route.method](route.path).set('content-type', 'application/json');
    if (route.auth === 'user') call.set('Authorization', `Bearer ${userToken}`);
    if (route.auth === 'admin') call.set('Authorization', `Bearer ${adminToken}`);
    return call.send(raw);
  }

  /** Never a 5xx; every error a problem document; nothing internal leaks. */
  function expectHandled(response: Response, route: Route, raw: string): void {
    const where = `${route.method.toUpperCase()} ${route.path} ${raw.slice(0, 300)}`;
    expect(response.status, where).toBeLessThan(500);
    if (response.status >= 400) {
      expect(response.headers['content-type'], where).toMatch(/^application\/problem\+json/);
      expect(response.body, where).toMatchObject({ type: 'about:blank', status: response.status });
      expect(typeof response.body.code, where).toBe('string');
    }
    expect(response.text, where).not.toMatch(/SQLITE_|QueryFailedError|SqliteError|TypeORM/i);
    expectNoSecrets(response);
  }

  /**
   * Runs the property on every route, each to the end even when an earlier route failed, so one
   * bug does not hide the others; then reports every route's counterexample at once.
   */
  async function fuzz(
    body: (route: Route) => fc.Arbitrary<string>,
    runsPerRoute: number,
    check: (response: Response, route: Route, raw: string) => void = expectHandled,
  ): Promise<void> {
    let sent = 0;
    const failures: string[] = [];
    for (const route of routes()) {
      const details = await fc.check(
        fc.asyncProperty(body(route), async (raw) => {
          const response = await send(route, raw);
          sent++;
          check(response, route, raw);
        }),
        { numRuns: runsPerRoute },
      );
      if (details.failed) {
        const error = details.errorInstance;
        const message = error instanceof Error ? error.message : String(error);
        failures.push(
          `${route.method.toUpperCase()} ${route.path} (seed ${details.seed}):\n` +
            `  counterexample ${JSON.stringify(details.counterexample)}\n  ${message}`,
        );
      }
    }
    if (failures.length > 0) throw new Error(failures.join('\n'));
    expect(sent).toBeGreaterThanOrEqual(runsPerRoute * routes().length);
  }

  /** The service is still up and still itself. */
  async function expectServiceIntact(): Promise<void> {
    expect((await client.get('/health')).status).toBe(200);
    const { response } = await client.login(ADMIN.username, ADMIN.password);
    expect(response.status).toBe(200);
    expect(response.body.user.roles).toEqual(['admin']);
    expect(Object.keys(Object.prototype)).toEqual([]);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(({} as Record<string, unknown>).roles).toBeUndefined();
  }

  it('survives random values of any shape as the body (fc.anything)', async () => {
    await fuzz(() => fc.anything().map((value) => JSON.stringify(value) ?? 'null'), RUNS.anything);
    await expectServiceIntact();
  });

  it('survives random JSON documents as the body, top-level arrays and primitives included', async () => {
    await fuzz(() => fc.jsonValue().map((value) => JSON.stringify(value)), RUNS.json);
    await expectServiceIntact();
  });

  it('survives wrong types and hostile strings in every known field', async () => {
    await fuzz((route) => knownFieldBody(route.fields), RUNS.fields);
    await expectServiceIntact();
  });

  it('refuses prototype-pollution keys at any depth with 400 validation_failed', async () => {
    await fuzz(
      (route) => pollutedBody(route.fields),
      RUNS.pollution,
      (response, route, raw) => {
        expect(hasForbiddenKey(raw), raw).toBe(true);
        expectHandled(response, route, raw);
        expect(response.status, raw).toBe(400);
        expect(response.body.code, raw).toBe('validation_failed');
      },
    );
    await expectServiceIntact();
  });

  it('treats SQL-looking strings as data in every field', async () => {
    await fuzz((route) => sqlBody(route.fields), RUNS.sql);
    await expectServiceIntact();
    const users = await client.get('/api/users?limit=100', adminToken);
    expect(users.status).toBe(200);
    expect(users.body.items.some((user: { username: string }) => user.username === 'admin')).toBe(
      true,
    );
  });

  it('answers malformed JSON text with a 4xx problem document', async () => {
    await fuzz(() => rawText, RUNS.rawText);
    await expectServiceIntact();
  });

  it('does not log anyone in with an SQL-injection username', async () => {
    for (const username of SQL) {
      const { response } = await client.login(username, 'x');
      expectProblem(response, 401, 'invalid_credentials');
    }
    const { response } = await client.login("admin' --", ADMIN.password);
    expectProblem(response, 401, 'invalid_credentials');
  });

  it('refuses a top-level __proto__ that asks for the admin role on register', async () => {
    const raw = `{"username":"proto_climber","password":"${strongPassword()}","__proto__":{"roles":["admin"]}}`;
    const response = await client
      .http()
      .post('/api/auth/register')
      .set('content-type', 'application/json')
      .send(raw);
    expectProblem(response, 400, 'validation_failed');
    const again = await client
      .http()
      .post('/api/auth/login')
      .set('content-type', 'application/json')
      .send(raw);
    expectProblem(again, 400, 'validation_failed');
  });

  it('refuses constructor.prototype in an admin update', async () => {
    const raw = '{"name":"x","constructor":{"prototype":{"roles":["admin"]}}}';
    const response = await client
      .http()
      .patch(`/api/users/${victimId}`)
      .set('Authorization', `Bearer ${adminToken}`)
      .set('content-type', 'application/json')
      .send(raw);
    expectProblem(response, 400, 'validation_failed');
  });

  it('answers a lone UTF-16 surrogate in email with 400 on every route that takes an email', async () => {
    const email = '"\\ud800x@example.com"';
    const password = JSON.stringify(strongPassword());
    const cases: Array<[Route['method'], string, string | undefined, string]> = [
      [
        'post',
        '/api/auth/register',
        undefined,
        `{"username":"surrogate_1","password":${password},"email":${email}}`,
      ],
      ['patch', '/api/users/me', userToken, `{"email":${email}}`],
      [
        'post',
        '/api/users',
        adminToken,
        `{"username":"surrogate_2","password":${password},"email":${email}}`,
      ],
      ['patch', `/api/users/${victimId}`, adminToken, `{"email":${email}}`],
    ];
    for (const [method, path, token, raw] of cases) {
      const call = client.http()[method](path).set('content-type', 'application/json');
      if (token) call.set('Authorization', `Bearer ${token}`);
      const response = await call.send(raw);
      expect(response.status, `${method} ${path}`).toBe(400);
      expectProblem(
        response,
        400,
        response.body.code === 'malformed_json' ? 'malformed_json' : 'validation_failed',
      );
    }
  });

  it('answers an empty username or password at login with a 4xx problem, not 500', async () => {
    for (const body of [
      { username: '', password: strongPassword() },
      { username: 'admin', password: '' },
      { username: '', password: '' },
    ]) {
      const response = await client.http().post('/api/auth/login').send(body);
      expect(response.status, JSON.stringify(body)).toBeLessThan(500);
      if (response.status === 400) expectProblem(response, 400, 'validation_failed');
      else expectProblem(response, 401, 'invalid_credentials');
    }
  });

  it('does not let the full-width look-alike ａｄｍｉｎ register as a second admin (409 username_taken)', async () => {
    for (const username of ['ａｄｍｉｎ', 'ＡＤＭＩＮ', 'Ａdmin']) {
      const { response } = await client.register({ username });
      expectProblem(response, 409, 'username_taken');
    }
  });

  it('refuses usernames with invisible or direction-changing characters (400 validation_failed)', async () => {
    for (const username of [
      'ad\u200dmin',
      'ad\u200bmin',
      '\u202eadmin',
      'admin\u200f',
      '\ufeffadmin',
      'аdmin',
    ]) {
      const { response } = await client.register({ username });
      expectProblem(response, 400, 'validation_failed');
    }
  });
});
