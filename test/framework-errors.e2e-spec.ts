import type { Response } from 'supertest';
import { expectProblem } from './support/api.js';
import { parseRawResponse, type RawResponse, sendRaw } from './support/raw-http.js';
import { useTestApp } from './support/test-app.js';

/** The methods an `Allow` header names, sorted. */
function allowedMethods(response: Response): string[] {
  return String(response.headers.allow).split(/,\s*/).sort();
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** What every answer carries, whoever raised the error: the security headers and a request id. */
function expectEveryResponseHeaders(headers: Record<string, string | string[] | undefined>): void {
  expect(headers['x-content-type-options']).toBe('nosniff');
  expect(headers['x-frame-options']).toBe('DENY');
  expect(headers['x-powered-by']).toBeUndefined();
  expect(headers['x-request-id']).toMatch(/^[A-Za-z0-9._-]{1,64}$/);
}

function expectFrameworkProblem(response: Response, status: number, code: string): void {
  expectProblem(response, status, code);
  expectEveryResponseHeaders(response.headers);
}

/** A problem document written to the socket by hand, where Node refused the request itself. */
function expectRawProblem(response: RawResponse, status: number, code: string): void {
  expect(response.status).toBe(status);
  expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
  expectEveryResponseHeaders(response.headers);
  expect(response.headers['x-request-id']).toMatch(UUID);
  expect(JSON.parse(response.body)).toMatchObject({ type: 'about:blank', status, code });
}

describe('errors raised by the router and the HTTP parser', () => {
  const { client, testApp } = useTestApp();

  async function expectStillServing(): Promise<void> {
    expect((await client.get('/health')).status).toBe(200);
  }

  it.each(['/api/users/%zz', '/api/users/%E0%A4%A', '/api/users/%ED%A0%80', '/api/users/%FF'])(
    'answers a path with a broken URL encoding or bad UTF-8 (%s) with 400 bad_request',
    async (path) => {
      expectFrameworkProblem(await client.get(path), 400, 'bad_request');
    },
  );

  it('answers a route parameter over 100 characters with 414 uri_too_long', async () => {
    const response = await client.get(`/api/users/${'a'.repeat(101)}`);
    expectFrameworkProblem(response, 414, 'uri_too_long');
  });

  it('answers an oversized header section with 431 header_too_large, and keeps serving', async () => {
    const raw = `GET /health HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(20_000)}\r\n\r\n`;
    expectRawProblem(parseRawResponse(await sendRaw(testApp.server, raw)), 431, 'header_too_large');
    await expectStillServing();
  });

  it.each([
    [
      'a control byte in a header value',
      'GET /health HTTP/1.1\r\nHost: x\r\nX-Ctl: a\u0001b\r\n\r\n',
    ],
    [
      'both Content-Length and Transfer-Encoding',
      'POST /api/auth/login HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\nTransfer-Encoding: chunked\r\n\r\n{}',
    ],
    ['a request line that is not HTTP', 'GARBAGE\r\n\r\n'],
    [
      'a raw non-ASCII byte in the path',
      Buffer.from('GET /api/\xff HTTP/1.1\r\nHost: x\r\n\r\n', 'latin1'),
    ],
  ])(
    'answers %s with a 400 bad_request problem document, and keeps serving',
    async (_name, raw) => {
      expectRawProblem(parseRawResponse(await sendRaw(testApp.server, raw)), 400, 'bad_request');
      await expectStillServing();
    },
  );

  it('answers a method a known path does not take with 405 method_not_allowed and Allow', async () => {
    const response = await client.http().put('/api/users/me').send({});
    expectFrameworkProblem(response, 405, 'method_not_allowed');
    expect(allowedMethods(response)).toEqual(['DELETE', 'GET', 'HEAD', 'PATCH']);
  });

  it('answers a method on a parameterised path it does not take with 405 and Allow', async () => {
    const response = await client.http().put('/api/users/0b7f3a52-2c52-4bb4-9d0f-2f1c9c1b7a11');
    expectFrameworkProblem(response, 405, 'method_not_allowed');
    expect(allowedMethods(response)).toEqual(['DELETE', 'GET', 'HEAD', 'PATCH']);
  });

  it('answers an OPTIONS that is not a preflight with 405 method_not_allowed and Allow', async () => {
    const response = await client.http().options('/api/auth/login');
    expectFrameworkProblem(response, 405, 'method_not_allowed');
    expect(response.headers.allow).toBe('POST');
  });

  it('answers any method on a path no route serves with 404 not_found', async () => {
    expectFrameworkProblem(await client.http().put('/api/no-such-route'), 404, 'not_found');
  });

  it.each([
    ['Range', 'bytes=99999999-', 416],
    ['If-Match', '"no-such-etag"', 412],
    ['If-Unmodified-Since', 'Thu, 01 Jan 1970 00:00:00 GMT', 412],
  ])(
    'keeps the status of a static file error (%s) with code bad_request',
    async (header, value, status) => {
      const response = await client.http().get('/docs/swagger-ui.css').set(header, value);
      expectFrameworkProblem(response, status, 'bad_request');
    },
  );
});

describe('an OPTIONS that is not a preflight, with CORS on', () => {
  const { client } = useTestApp({ CORS_ORIGINS: 'http://app.example' });

  it('answers it with 405 method_not_allowed and Allow', async () => {
    const response = await client.http().options('/api/users/me');
    expectFrameworkProblem(response, 405, 'method_not_allowed');
    expect(allowedMethods(response)).toEqual(['DELETE', 'GET', 'HEAD', 'PATCH']);
  });

  it('answers a preflight from another origin as a plain OPTIONS (405, no CORS grant)', async () => {
    const response = await client
      .http()
      .options('/api/users/me')
      .set('Origin', 'http://evil.example')
      .set('Access-Control-Request-Method', 'PATCH');
    expectFrameworkProblem(response, 405, 'method_not_allowed');
    expect(response.headers['access-control-allow-origin']).toBeUndefined();
  });
});
