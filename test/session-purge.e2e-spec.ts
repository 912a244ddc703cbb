import { DataSource } from 'typeorm';
import { SessionPurgeTask } from '../src/sessions/session-purge.task.js';
import { useTestApp } from './support/test-app.js';

const HOUR = 60 * 60;

describe('purging ended sessions', () => {
  const { testApp, client, clock } = useTestApp({
    JWT_ACCESS_TTL: '1m',
    JWT_REFRESH_TTL: '1h',
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

    clock.advance(2 * HOUR);
    await testApp.app.get(SessionPurgeTask).purge();

    expect(await count('sessions')).toBe(0);
    expect(await count('refresh_tokens')).toBe(0);
  });

  it('keeps sessions that can still refresh, after their access tokens have expired', async () => {
    const { tokens } = await client.register();
    clock.advance(HOUR / 2);
    await testApp.app.get(SessionPurgeTask).purge();

    const refreshed = await client.refresh(tokens.refresh_token);
    expect(refreshed.status).toBe(200);
    const sessions = await client.get('/api/auth/sessions', refreshed.body.access_token);
    expect(sessions.status).toBe(200);
    expect(sessions.body).toHaveLength(1);
  });
});
