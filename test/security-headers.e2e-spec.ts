import type { Response } from 'supertest';
import { expectProblem } from './support/api.js';
import { useTestApp } from './support/test-app.js';

/** helmet's baseline, which the contract requires on every response. */
function expectHelmetHeaders(response: Response): void {
  expect(response.headers['x-content-type-options']).toBe('nosniff');
  expect(response.headers['x-frame-options']).toBe('DENY');
  expect(response.headers['x-powered-by']).toBeUndefined();
}

function cspDirectives(response: Response): Map<string, string[]> {
  const header = response.headers['content-security-policy'] as string | undefined;
  expect(typeof header).toBe('string');
  return new Map(
    (header as string)
      .split(';')
      .map((directive) => directive.trim())
      .filter(Boolean)
      .map((directive) => {
        const [name, ...sources] = directive.split(/\s+/);
        return [name.toLowerCase(), sources] as [string, string[]];
      }),
  );
}

/** Scripts from this origin only, no plugins, no framing, no base-tag hijack. */
function expectStrictCsp(response: Response): void {
  const csp = cspDirectives(response);
  const scripts = csp.get('script-src') ?? csp.get('default-src');
  expect(scripts).toBeDefined();
  for (const source of scripts as string[]) {
    expect(
      ["'self'", "'none'"].includes(source) || /^'(nonce|sha256|sha384|sha512)-/.test(source),
    ).toBe(true);
  }
  const defaults = csp.get('default-src') as string[];
  expect(defaults).toBeDefined();
  expect(defaults.every((source) => source === "'self'" || source === "'none'")).toBe(true);
  expect(csp.get('object-src') ?? defaults).toEqual(["'none'"]);
  expect(csp.get('frame-ancestors')).toEqual(["'none'"]);
  expect(["'self'", "'none'"]).toContain((csp.get('base-uri') ?? [])[0]);
}

describe('security headers', () => {
  const { client } = useTestApp();

  it('sends the helmet headers on a JSON 200', async () => {
    const { tokens } = await client.register();
    const response = await client.get('/api/users/me', tokens.access_token);
    expect(response.status).toBe(200);
    expectHelmetHeaders(response);
  });

  it('sends the helmet headers on a 401 problem document', async () => {
    const response = await client.get('/api/users/me');
    expectProblem(response, 401, 'token_missing');
    expectHelmetHeaders(response);
  });

  it('sends the helmet headers on a 404', async () => {
    const response = await client.get('/api/no-such-route');
    expectProblem(response, 404, 'not_found');
    expectHelmetHeaders(response);
  });

  it('sends the helmet headers on a 400 from the body parser', async () => {
    const response = await client
      .http()
      .post('/api/auth/login')
      .set('content-type', 'application/json')
      .send('{"username":');
    expectProblem(response, 400, 'malformed_json');
    expectHelmetHeaders(response);
  });

  it('sends the helmet headers on /health', async () => {
    const response = await client.get('/health');
    expect(response.status).toBe(200);
    expectHelmetHeaders(response);
  });

  it('sends the helmet headers on /.well-known/jwks.json', async () => {
    const response = await client.get('/.well-known/jwks.json');
    expect(response.status).toBe(200);
    expectHelmetHeaders(response);
  });

  it('sends the helmet headers and a strict CSP on /docs', async () => {
    const response = await client.get('/docs');
    expect(response.status).toBe(200);
    expect(response.headers['content-type']).toMatch(/^text\/html/);
    expectHelmetHeaders(response);
    expectStrictCsp(response);
  });

  it('sends the helmet headers and a strict CSP on the Swagger UI assets', async () => {
    const response = await client.get('/docs/swagger-ui-init.js');
    expect(response.status).toBe(200);
    expectHelmetHeaders(response);
    expectStrictCsp(response);
  });

  it('forbids framing and every kind of loading on JSON answers', async () => {
    const response = await client.get('/health');
    const csp = cspDirectives(response);
    expect(csp.get('default-src')).toEqual(["'none'"]);
    expect(csp.get('frame-ancestors')).toEqual(["'none'"]);
  });

  it('marks the register token response Cache-Control: no-store', async () => {
    const { response } = await client.register();
    expect(response.status).toBe(201);
    expect(response.headers['cache-control']).toMatch(/\bno-store\b/);
  });

  it('marks the login token response Cache-Control: no-store', async () => {
    const { body } = await client.register();
    const { response } = await client.login(body.username, body.password);
    expect(response.status).toBe(200);
    expect(response.headers['cache-control']).toMatch(/\bno-store\b/);
  });

  it('marks the refresh token response Cache-Control: no-store', async () => {
    const { tokens } = await client.register();
    const response = await client.refresh(tokens.refresh_token);
    expect(response.status).toBe(200);
    expect(response.headers['cache-control']).toMatch(/\bno-store\b/);
  });
});
