import type { Response } from 'supertest';
import { expectProblem, strongPassword, uniqueUsername } from './support/api.js';
import { useTestApp } from './support/test-app.js';

const BODY_LIMIT = 102_400;
const PROBLEM_FIELDS = ['type', 'title', 'status', 'detail', 'code', 'instance'];

/** A problem document of the contract: its fields and no others, `instance` the path. */
function expectProblemAt(response: Response, status: number, code: string, instance: string): void {
  expectProblem(response, status, code);
  expect(response.body.instance).toBe(instance);
  const allowed = code === 'validation_failed' ? [...PROBLEM_FIELDS, 'errors'] : PROBLEM_FIELDS;
  expect(Object.keys(response.body)).toEqual(expect.arrayContaining(PROBLEM_FIELDS));
  expect(Object.keys(response.body).filter((key) => !allowed.includes(key))).toEqual([]);
  expect(response.text).not.toMatch(/stack|\.ts:\d+|node_modules/i);
}

function expectFieldErrors(response: Response, instance: string, ...fields: string[]): void {
  expectProblemAt(response, 400, 'validation_failed', instance);
  expect(Array.isArray(response.body.errors)).toBe(true);
  for (const error of response.body.errors) {
    expect(typeof error.field).toBe('string');
    expect(typeof error.message).toBe('string');
  }
  const named = response.body.errors.map((error: { field: string }) => error.field);
  expect(named).toEqual(expect.arrayContaining(fields));
}

/** A login body of exactly `bytes` bytes of JSON. */
function loginBodyOfSize(bytes: number): string {
  const password = strongPassword();
  const overhead = Buffer.byteLength(JSON.stringify({ username: '', password }));
  const body = JSON.stringify({ username: 'u'.repeat(bytes - overhead), password });
  expect(Buffer.byteLength(body)).toBe(bytes);
  return body;
}

describe('error responses', () => {
  const { client } = useTestApp();

  function postJson(path: string, raw: string) {
    return client.http().post(path).set('Content-Type', 'application/json').send(raw);
  }

  it('answers malformed JSON with 400 malformed_json', async () => {
    const response = await postJson('/api/auth/login', '{"username": "alice", "password": ');
    expectProblemAt(response, 400, 'malformed_json', '/api/auth/login');
  });

  it('answers a body over 102,400 bytes with 413 payload_too_large', async () => {
    const response = await postJson('/api/auth/login', loginBodyOfSize(BODY_LIMIT + 1));
    expectProblemAt(response, 413, 'payload_too_large', '/api/auth/login');
  });

  it('does not refuse a body of exactly 102,400 bytes as too large', async () => {
    const response = await postJson('/api/auth/login', loginBodyOfSize(BODY_LIMIT));
    expect(response.status).not.toBe(413);
    expect(response.body.code).not.toBe('payload_too_large');
  });

  it('answers a text/plain body with 415 unsupported_media_type', async () => {
    const response = await client
      .http()
      .post('/api/auth/login')
      .set('Content-Type', 'text/plain')
      .send(JSON.stringify({ username: uniqueUsername(), password: strongPassword() }));
    expectProblemAt(response, 415, 'unsupported_media_type', '/api/auth/login');
  });

  it.each([
    'application/json; charset=UTF-16',
    'application/json; charset=utf-16le',
    'application/json; charset=latin1',
    'application/json; charset=ISO-8859-1',
    'application/json;charset="windows-1252"',
    'application/json; charset=us-ascii',
    'application/json; charset=',
    'application/json; charset=utf-8; charset=utf-16',
  ])('answers a JSON body declared %s with 415 unsupported_media_type', async (contentType) => {
    const response = await client
      .http()
      .post('/api/auth/login')
      .set('Content-Type', contentType)
      .send(JSON.stringify({ username: uniqueUsername(), password: strongPassword() }));
    expectProblemAt(response, 415, 'unsupported_media_type', '/api/auth/login');
  });

  it.each([
    'application/json; charset=utf-8',
    'application/json; charset="UTF-8"',
    'application/json;charset=UTF8',
  ])('reads a JSON body declared %s', async (contentType) => {
    const response = await client
      .http()
      .post('/api/auth/login')
      .set('Content-Type', contentType)
      .send(JSON.stringify({ username: uniqueUsername(), password: strongPassword() }));
    expectProblemAt(response, 401, 'invalid_credentials', '/api/auth/login');
  });

  it('answers a form body with 415 unsupported_media_type', async () => {
    const response = await client
      .http()
      .post('/api/auth/login')
      .type('form')
      .send({ username: uniqueUsername(), password: strongPassword() });
    expectProblemAt(response, 415, 'unsupported_media_type', '/api/auth/login');
  });

  it('refuses an unknown body field with 400 validation_failed naming it', async () => {
    const response = await client
      .http()
      .post('/api/auth/login')
      .send({ username: uniqueUsername(), password: strongPassword(), isAdmin: true });
    expectFieldErrors(response, '/api/auth/login', 'isAdmin');
  });

  it('refuses a __proto__ body field with 400 validation_failed naming it', async () => {
    const response = await postJson(
      '/api/auth/login',
      `{"username":"${uniqueUsername()}","password":"${strongPassword()}","__proto__":{"roles":["admin"]}}`,
    );
    expectFieldErrors(response, '/api/auth/login', '__proto__');
  });

  it('refuses a constructor body field with 400 validation_failed naming it', async () => {
    const response = await postJson(
      '/api/auth/login',
      `{"username":"${uniqueUsername()}","password":"${strongPassword()}","constructor":{"prototype":{"roles":["admin"]}}}`,
    );
    expectFieldErrors(response, '/api/auth/login', 'constructor');
  });

  it.each(['toString', 'valueOf', 'hasOwnProperty', 'isPrototypeOf', '__defineGetter__'])(
    'refuses a body field named like an object member (%s) with 400 validation_failed naming it',
    async (name) => {
      const response = await postJson(
        '/api/auth/register',
        `{"username":"${uniqueUsername()}","password":"${strongPassword()}","${name}":"x"}`,
      );
      expectFieldErrors(response, '/api/auth/register', name);
    },
  );

  it('refuses a nested __proto__ key with 400 validation_failed naming it', async () => {
    const response = await postJson(
      '/api/auth/register',
      `{"username":"${uniqueUsername()}","password":"${strongPassword()}","name":{"__proto__":{"roles":["admin"]}}}`,
    );
    expectFieldErrors(response, '/api/auth/register', '__proto__');
  });

  it('refuses a JSON array as the body with 400 validation_failed', async () => {
    const response = await postJson('/api/auth/login', '["admin", "password"]');
    expectFieldErrors(response, '/api/auth/login');
  });

  it('refuses a JSON string as the body with 400 validation_failed', async () => {
    const response = await postJson('/api/auth/login', '"admin"');
    expectFieldErrors(response, '/api/auth/login');
  });

  it('refuses JSON null as the body with 400 validation_failed', async () => {
    const response = await postJson('/api/auth/login', 'null');
    expectFieldErrors(response, '/api/auth/login');
  });

  it('answers an unknown route with a 404 not_found problem document', async () => {
    const response = await client.get('/api/no-such-route');
    expectProblemAt(response, 404, 'not_found', '/api/no-such-route');
  });

  it('sets instance to the request path without its query string', async () => {
    const response = await client.get('/api/no-such-route?token=secret-value&x=1');
    expectProblemAt(response, 404, 'not_found', '/api/no-such-route');
    expect(response.text).not.toContain('secret-value');
  });

  it('sends an error from a guarded route as a problem document', async () => {
    const response = await client.get('/api/users/me?page=2');
    expectProblemAt(response, 401, 'token_missing', '/api/users/me');
  });

  it('answers GET /health with 200 status ok', async () => {
    const response = await client.get('/health');
    expect(response.status).toBe(200);
    expect(response.headers['content-type']).toMatch(/^application\/json/);
    expect(response.body).toMatchObject({ status: 'ok' });
  });
});
