import { api, expectJson, expectProblem } from './support/api.js';
import { createTemporaryDatabase, type TemporaryDatabase } from './support/postgres.js';
import { createTestApp, type TestApp } from './support/test-app.js';

describe('GET /health with the database unreachable', () => {
  let database: TemporaryDatabase;
  let testApp: TestApp;
  const client = api(() => testApp.server);

  beforeEach(async () => {
    database = await createTemporaryDatabase();
    testApp = await createTestApp({ DATABASE_URL: database.url });
  });

  afterEach(async () => {
    await testApp?.close();
    await database?.drop();
  });

  it('answers 503 service_unavailable naming the database, with Retry-After', async () => {
    await database.makeUnreachable();

    const response = await client.get('/health');

    expectProblem(response, 503, 'service_unavailable');
    expect(response.body.detail).toMatch(/database/);
    expect(Number(response.headers['retry-after'])).toBeGreaterThan(0);
  });

  it('answers 200 again once the database is back', async () => {
    await database.makeUnreachable();
    expect((await client.get('/health')).status).toBe(503);

    await database.makeReachable();

    const response = await client.get('/health');
    expectJson(response, 200);
    expect(response.body).toMatchObject({ status: 'ok', info: { database: { status: 'up' } } });
  });
});
