import { DataSource } from 'typeorm';
import { SessionPurgeTask } from '../src/sessions/session-purge.task.js';
import { api } from './support/api.js';
import { createTestApp, type TestApp } from './support/test-app.js';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('purging ended sessions', () => {
  let testApp: TestApp;

  beforeAll(async () => {
    testApp = await createTestApp({
      JWT_ACCESS_TTL: '1s',
      JWT_REFRESH_TTL: '1s',
      JWT_CLOCK_SKEW: '0',
    });
  });
  afterAll(() => testApp.close());

  const count = (table: string) =>
    testApp.app.get(DataSource).query(`SELECT COUNT(*) AS n FROM "${table}"`) as Promise<
      [{ n: number }]
    >;

  it('deletes sessions and their refresh tokens once no token of theirs can still be used', async () => {
    const client = api(testApp.server);
    const { tokens } = await client.register();
    await client.send('post', '/api/auth/logout', tokens.access_token).expect(204);
    await client.register();
    const [{ n: before }] = await count('sessions');
    expect(Number(before)).toBeGreaterThanOrEqual(2);

    await sleep(2100);
    await testApp.app.get(SessionPurgeTask).purge();

    expect(Number((await count('sessions'))[0].n)).toBe(0);
    expect(Number((await count('refresh_tokens'))[0].n)).toBe(0);
  });

  it('keeps sessions that can still refresh', async () => {
    const client = api(testApp.server);
    const { tokens } = await client.register();
    await testApp.app.get(SessionPurgeTask).purge();
    const sessions = await client.get('/api/auth/sessions', tokens.access_token);
    expect(sessions.status).toBe(200);
    expect(sessions.body).toHaveLength(1);
  });
});
