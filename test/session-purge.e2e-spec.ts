import { DataSource } from 'typeorm';
import { SessionPurgeTask } from '../src/sessions/session-purge.task.js';
import { useTestApp } from './support/test-app.js';

describe('purging ended sessions', () => {
  const { testApp, client, clock } = useTestApp({
    JWT_ACCESS_TTL: '1s',
    JWT_REFRESH_TTL: '1s',
    JWT_CLOCK_SKEW: '0',
  });

  const count = async (table: string) => {
    const [{ n }] = (await testApp.app
      .get(DataSource)
      .query(`SELECT COUNT(*) AS n FROM "${table}"`)) as [{ n: number }];
    return Number(n);
  };

  it('deletes sessions and their refresh tokens once no token of theirs can still be used', async () => {
    const { tokens } = await client.register();
    await client.send('post', '/api/auth/logout', tokens.access_token).expect(204);
    await client.register();
    expect(await count('sessions')).toBeGreaterThanOrEqual(2);

    clock.advance(3);
    await testApp.app.get(SessionPurgeTask).purge();

    expect(await count('sessions')).toBe(0);
    expect(await count('refresh_tokens')).toBe(0);
  });

  it('keeps sessions that can still refresh', async () => {
    const { tokens } = await client.register();
    await testApp.app.get(SessionPurgeTask).purge();
    const sessions = await client.get('/api/auth/sessions', tokens.access_token);
    expect(sessions.status).toBe(200);
    expect(sessions.body).toHaveLength(1);
  });
});
