import { expectProblem } from './support/api.js';
import { useTestApp } from './support/test-app.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const LONGEST = `${'A-z_9.'.repeat(10)}abcd`;

describe('X-Request-Id', () => {
  const { client } = useTestApp();

  it.each(['abc', 'Req.42_a-b', LONGEST])('echoes a well-formed id (%s)', async (id) => {
    const response = await client.http().get('/health').set('X-Request-Id', id);
    expect(response.status).toBe(200);
    expect(response.headers['x-request-id']).toBe(id);
  });

  it.each([
    ['one character too long', `${LONGEST}x`],
    ['a space', 'abc def'],
    ['a character outside the set', 'abc/def'],
    ['a non-ASCII letter', 'abcé'],
    ['a header injection attempt', 'abc%0d%0aSet-Cookie:x=1'],
  ])('answers an id with %s with a new UUID instead', async (_name, id) => {
    const response = await client.http().get('/health').set('X-Request-Id', id);
    expect(response.headers['x-request-id']).toMatch(UUID);
  });

  it('gives a request without one a new UUID', async () => {
    const response = await client.get('/health');
    expect(response.headers['x-request-id']).toMatch(UUID);
  });

  it('gives every request its own new id', async () => {
    const [first, second] = await Promise.all([client.get('/health'), client.get('/health')]);
    expect(first.headers['x-request-id']).not.toBe(second.headers['x-request-id']);
  });

  it('carries the id on an error response', async () => {
    const response = await client.http().get('/api/users/me').set('X-Request-Id', 'err-1');
    expectProblem(response, 401, 'token_missing');
    expect(response.headers['x-request-id']).toBe('err-1');
  });

  it('carries the id on a 404', async () => {
    const response = await client.http().get('/api/nothing-here').set('X-Request-Id', 'nf-1');
    expectProblem(response, 404, 'not_found');
    expect(response.headers['x-request-id']).toBe('nf-1');
  });

  it('carries the id on an error the router raises', async () => {
    const response = await client.http().get('/api/users/%zz').set('X-Request-Id', 'url-1');
    expectProblem(response, 400, 'bad_request');
    expect(response.headers['x-request-id']).toBe('url-1');
  });

  it.each(['/docs', '/docs/swagger-ui.css', '/docs-json'])(
    'carries the id on Swagger UI and its files (%s)',
    async (path) => {
      const response = await client.http().get(path).set('X-Request-Id', 'docs-1');
      expect(response.status).toBe(200);
      expect(response.headers['x-request-id']).toBe('docs-1');
    },
  );
});
