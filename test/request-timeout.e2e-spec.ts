import { parseRawResponse, sendRaw } from './support/raw-http.js';
import { useTestApp } from './support/test-app.js';

/**
 * The bound is 30 s by default; REQUEST_TIMEOUT shortens it here so that the suite stays fast.
 * Each test ends only because the server ends the connection.
 */
describe('a request that does not arrive whole in time (REQUEST_TIMEOUT=1s)', () => {
  const { client, testApp } = useTestApp({ REQUEST_TIMEOUT: '1s' });

  function expectTimedOut(text: string): void {
    if (text === '') return; // a closed connection is an answer the contract allows
    const response = parseRawResponse(text);
    expect(response.status).toBe(408);
    expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(response.headers['x-content-type-options']).toBe('nosniff');
    expect(JSON.parse(response.body)).toMatchObject({ status: 408, code: 'bad_request' });
  }

  it('ends a request whose body declares 100 bytes and sends 2', async () => {
    const raw =
      'POST /api/auth/login HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n' +
      'Content-Length: 100\r\n\r\n{"';
    expectTimedOut(await sendRaw(testApp.server, raw));
  });

  it('ends a request whose headers never end', async () => {
    expectTimedOut(await sendRaw(testApp.server, 'GET /health HTTP/1.1\r\nHost: x\r\nX-Slow: a'));
  });

  it('keeps serving other requests meanwhile', async () => {
    const slow = sendRaw(testApp.server, 'GET /health HTTP/1.1\r\nHost: x\r\nX-Slow: a');
    expect((await client.get('/health')).status).toBe(200);
    expectTimedOut(await slow);
  });
});
