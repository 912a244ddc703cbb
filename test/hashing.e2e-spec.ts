import bcrypt from 'bcryptjs';
import type { Response } from 'supertest';
import { PasswordHasher } from '../src/users/hashing/password-hasher.js';
import { expectJson, expectProblem, strongPassword } from './support/api.js';
import { createTestApp, useTestApp } from './support/test-app.js';

/** 503 as the contract has it: problem document and a whole number of seconds to wait. */
function expectBusy(response: Response): void {
  expectProblem(response, 503, 'service_unavailable');
  expect(response.headers['retry-after']).toMatch(/^\d+$/);
  expect(Number(response.headers['retry-after'])).toBeGreaterThanOrEqual(1);
}

describe('password hashing threads', () => {
  const { testApp, client } = useTestApp();

  /** Every bcryptjs entry point of the thread that serves requests, watched. */
  function spyOnRequestThreadBcrypt() {
    const spies = (['hash', 'hashSync', 'compare', 'compareSync'] as const).map((name) =>
      vi.spyOn(bcrypt, name),
    );
    return {
      calls: () => spies.reduce((sum, spy) => sum + spy.mock.calls.length, 0),
      restore: () => spies.forEach((spy) => spy.mockRestore()),
    };
  }

  it('hashes a new password on a hashing thread, never on the thread serving requests', async () => {
    const hasher = testApp.app.get(PasswordHasher);
    const requestThread = spyOnRequestThreadBcrypt();
    try {
      const before = hasher.work();
      const { response } = await client.register();
      expectJson(response, 201);
      expect(hasher.work().hashes).toBe(before.hashes + 1);
      expect(requestThread.calls()).toBe(0);
    } finally {
      requestThread.restore();
    }
  });

  it("checks a login's password on a hashing thread, never on the thread serving requests", async () => {
    const hasher = testApp.app.get(PasswordHasher);
    const { body } = await client.register();
    const requestThread = spyOnRequestThreadBcrypt();
    try {
      const before = hasher.work();
      const { response } = await client.login(body.username, body.password);
      expectJson(response, 200);
      expect(hasher.work().compares).toBe(before.compares + 1);
      expect(requestThread.calls()).toBe(0);
    } finally {
      requestThread.restore();
    }
  });

  it('closes the hashing pool when the application shuts down', async () => {
    const app = await createTestApp();
    const hasher = app.app.get(PasswordHasher);
    await expect(hasher.hash(strongPassword())).resolves.toMatch(/^\$2[aby]\$/);
    await app.close();
    await expect(hasher.hash(strongPassword())).rejects.toMatchObject({
      code: 'service_unavailable',
    });
  });
});

describe('a burst of logins beyond the hashing queue', () => {
  // One thread, one waiting job, and a cost at which each job takes a while.
  // Each login holds a throttle point while its password is checked: a limit above the burst
  // keeps this about the hashing queue alone.
  const { client } = useTestApp({
    HASH_WORKERS: '1',
    HASH_QUEUE_LIMIT: '1',
    BCRYPT_COST: '12',
    THROTTLE_LOGIN_LIMIT: '20',
  });
  const BURST = 8;

  it('answers the logins beyond the queue 503 service_unavailable with Retry-After at once, while other routes keep answering', async () => {
    const { body, tokens } = await client.register();
    const [logins, health, me] = await Promise.all([
      Promise.all(Array.from({ length: BURST }, () => client.login(body.username, body.password))),
      client.get('/health'),
      client.get('/api/users/me', tokens.access_token),
    ]);

    const statuses = logins.map(({ response }) => response.status);
    expect(statuses).toContain(200);
    expect(statuses).toContain(503);
    expect(statuses.every((status) => status === 200 || status === 503)).toBe(true);
    for (const { response } of logins) if (response.status === 503) expectBusy(response);
    expect(health.status).toBe(200);
    expectJson(me, 200);
    expect(me.body.username).toBe(body.username);
  });

  it('answers register 503 service_unavailable beyond the queue, and creates no user then', async () => {
    const attempts = await Promise.all(
      Array.from({ length: BURST }, () => client.register({ password: strongPassword() })),
    );
    const refused = attempts.filter(({ response }) => response.status === 503);
    expect(refused.length).toBeGreaterThan(0);
    for (const { response, body } of refused) {
      expectBusy(response);
      const retry = await client.login(body.username, body.password);
      expectProblem(retry.response, 401, 'invalid_credentials');
    }
    for (const { response } of attempts) expect([201, 503]).toContain(response.status);
  });
});
