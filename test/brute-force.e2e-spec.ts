import type { Response } from 'supertest';
import { ADMIN, type Api, expectProblem, strongPassword, uniqueUsername } from './support/api.js';
import { useTestApp } from './support/test-app.js';

const LIMIT = 3;
const TTL_SECONDS = 60;
const GUESSES = 30;

/** A 429 as the contract has it: problem document and a whole number of seconds to wait. */
function expectThrottled(response: Response): number {
  expectProblem(response, 429, 'too_many_requests');
  const retryAfter = response.headers['retry-after'];
  expect(retryAfter).toMatch(/^\d+$/);
  expect(Number(retryAfter)).toBeGreaterThanOrEqual(1);
  return Number(retryAfter);
}

async function failLogins(
  client: Api,
  username: string,
  times: number,
  headers: Record<string, string> = {},
): Promise<void> {
  for (let i = 0; i < times; i++) {
    const { response } = await client.login(username, strongPassword(), headers);
    expectProblem(response, 401, 'invalid_credentials');
  }
}

/** `count` requests sent at once; their statuses, sorted. */
async function atOnce(count: number, send: (index: number) => Promise<Response>) {
  const responses = await Promise.all(Array.from({ length: count }, (_, index) => send(index)));
  for (const response of responses) {
    if (response.status === 429) expectThrottled(response);
    else expectProblem(response, 401, 'invalid_credentials');
  }
  return responses.map((response) => response.status).sort();
}

function statusesOf(counts: Record<number, number>): number[] {
  return Object.entries(counts)
    .flatMap(([status, count]) => Array<number>(count).fill(Number(status)))
    .sort();
}

/**
 * The attempt counters live in rate-limiter-flexible's memory store, which takes no clock and
 * reads `Date.now()` itself: that one function is moved past the window (the test clock, which
 * reads it too, moves with it), instead of waiting for the window to pass.
 */
function moveDateNowBy(seconds: number): void {
  const realNow = Date.now.bind(Date);
  vi.spyOn(Date, 'now').mockImplementation(() => realNow() + seconds * 1000);
}

afterEach(() => {
  vi.restoreAllMocks();
});

describe('brute force: failed logins per address and username', () => {
  const { client } = useTestApp({
    THROTTLE_LOGIN_LIMIT: String(LIMIT),
    THROTTLE_LOGIN_TTL: String(TTL_SECONDS),
  });

  it('refuses password guessing past the limit with 429 and Retry-After, even with the right password', async () => {
    const { body } = await client.register();
    await failLogins(client, body.username, LIMIT);
    const { response } = await client.login(body.username, body.password);
    expectThrottled(response);
  });

  it('counts the limit per username ignoring case, so case variants do not escape it', async () => {
    const { body } = await client.register();
    await failLogins(client, body.username.toUpperCase(), LIMIT);
    const { response } = await client.login(body.username.toLowerCase(), body.password);
    expectThrottled(response);
  });

  it('does not lock out another username guessed at from the same address', async () => {
    const victim = await client.register();
    const bystander = await client.register();
    await failLogins(client, victim.body.username, LIMIT);
    const { response } = await client.login(bystander.body.username, bystander.body.password);
    expect(response.status).toBe(200);
  });

  it('logs in with the right password after failures under the limit, and does not count that login', async () => {
    const { body } = await client.register();
    await failLogins(client, body.username, LIMIT - 1);
    expect((await client.login(body.username, body.password)).response.status).toBe(200);
    await failLogins(client, body.username, 1);
    expectThrottled((await client.login(body.username, body.password)).response);
  });

  it('does not count successful logins towards the limit', async () => {
    const { body } = await client.register();
    for (let i = 0; i < LIMIT * 3 + 1; i++) {
      const { response } = await client.login(body.username, body.password);
      expect(response.status).toBe(200);
    }
  });

  it('lets the user in again once the window (Retry-After) has passed', async () => {
    const { body } = await client.register();
    await failLogins(client, body.username, LIMIT);
    const retryAfter = expectThrottled((await client.login(body.username, body.password)).response);
    expect(retryAfter).toBeLessThanOrEqual(TTL_SECONDS);
    moveDateNowBy(retryAfter);
    const { response } = await client.login(body.username, body.password);
    expect(response.status).toBe(200);
  });

  it('limits register attempts per address and username', async () => {
    const username = uniqueUsername();
    const first = await client.register({ username });
    expect(first.response.status).toBe(201);
    for (let i = 1; i < LIMIT; i++) {
      const { response } = await client.register({ username });
      expectProblem(response, 409, 'username_taken');
    }
    const { response } = await client.register({ username });
    expectThrottled(response);
    const other = await client.register();
    expect(other.response.status).toBe(201);
  });
});

describe('brute force: attempts sent at once', () => {
  const { client } = useTestApp({
    THROTTLE_LOGIN_LIMIT: String(LIMIT),
    THROTTLE_LOGIN_TTL: '60',
  });

  it('lets exactly THROTTLE_LOGIN_LIMIT of 30 wrong passwords for one username sent at once reach the password check', async () => {
    const { body } = await client.register();
    const statuses = await atOnce(GUESSES, async () => {
      const { response } = await client.login(body.username, strongPassword());
      return response;
    });
    expect(statuses).toEqual(statusesOf({ 401: LIMIT, 429: GUESSES - LIMIT }));
  });

  it('lets exactly THROTTLE_LOGIN_LIMIT of 30 wrong currentPasswords sent at once to change-password reach the password check', async () => {
    const { tokens } = await client.register();
    const statuses = await atOnce(GUESSES, () =>
      client.send('post', '/api/auth/change-password', tokens.access_token, {
        currentPassword: strongPassword(),
        newPassword: strongPassword(),
      }),
    );
    expect(statuses).toEqual(statusesOf({ 401: LIMIT, 429: GUESSES - LIMIT }));
  });
});

describe('brute force: attempts for many usernames sent at once from one address', () => {
  const IP_LIMIT = 10;
  const { client } = useTestApp({
    THROTTLE_LOGIN_LIMIT: String(LIMIT),
    THROTTLE_LOGIN_TTL: '60',
    THROTTLE_IP_LIMIT: String(IP_LIMIT),
  });

  it('lets exactly THROTTLE_IP_LIMIT of 30 wrong passwords for 30 usernames sent at once reach the password check', async () => {
    const statuses = await atOnce(GUESSES, async () => {
      const { response } = await client.login(uniqueUsername(), strongPassword());
      return response;
    });
    expect(statuses).toEqual(statusesOf({ 401: IP_LIMIT, 429: GUESSES - IP_LIMIT }));
  });
});

describe('brute force: a wrong currentPassword is a failed login of that user', () => {
  const { client } = useTestApp({
    THROTTLE_LOGIN_LIMIT: String(LIMIT),
    THROTTLE_LOGIN_TTL: '60',
  });

  function changePassword(accessToken: string, currentPassword: string) {
    return client.send('post', '/api/auth/change-password', accessToken, {
      currentPassword,
      newPassword: strongPassword(),
    });
  }

  it('refuses change-password past the limit with 429 and Retry-After, even with the right currentPassword', async () => {
    const { body, tokens } = await client.register();
    for (let i = 0; i < LIMIT; i++) {
      expectProblem(
        await changePassword(tokens.access_token, strongPassword()),
        401,
        'invalid_credentials',
      );
    }
    expectThrottled(await changePassword(tokens.access_token, body.password));
    const { response } = await client.login(body.username, body.password);
    expectThrottled(response);
  });

  it('counts wrong currentPasswords and failed logins of the same user together', async () => {
    const { body, tokens } = await client.register();
    await failLogins(client, body.username, LIMIT - 1);
    const wrong = await changePassword(tokens.access_token, strongPassword());
    expectProblem(wrong, 401, 'invalid_credentials');
    expectThrottled(await changePassword(tokens.access_token, body.password));
  });

  it('changes the password with the right currentPassword under the limit, without counting it', async () => {
    const { body, tokens } = await client.register();
    await failLogins(client, body.username, LIMIT - 1);
    const response = await changePassword(tokens.access_token, body.password);
    expect(response.status).toBe(204);
    expectProblem(
      (await client.login(body.username, strongPassword())).response,
      401,
      'invalid_credentials',
    );
  });
});

describe('brute force: failed logins per address, whatever the username', () => {
  const IP_LIMIT = 4;
  const { client } = useTestApp({
    THROTTLE_LOGIN_LIMIT: String(LIMIT),
    THROTTLE_LOGIN_TTL: '60',
    THROTTLE_IP_LIMIT: String(IP_LIMIT),
  });

  it('refuses password spraying over many usernames from one address with 429 for any username', async () => {
    const { body } = await client.register();
    for (let i = 0; i < IP_LIMIT; i++) await failLogins(client, uniqueUsername(), 1);
    expectThrottled((await client.login(body.username, body.password)).response);
    expectThrottled((await client.login(ADMIN.username, ADMIN.password)).response);
    expectThrottled((await client.login(uniqueUsername(), strongPassword())).response);
  });
});

describe('brute force: client address without a trusted proxy (TRUST_PROXY=false)', () => {
  const { client } = useTestApp({
    THROTTLE_LOGIN_LIMIT: String(LIMIT),
    THROTTLE_LOGIN_TTL: '60',
    TRUST_PROXY: 'false',
  });

  it('does not let spoofed X-Forwarded-For values escape the limit', async () => {
    const { body } = await client.register();
    for (let i = 0; i < LIMIT; i++) {
      await failLogins(client, body.username, 1, { 'X-Forwarded-For': `198.51.100.${i + 1}` });
    }
    const { response } = await client.login(body.username, body.password, {
      'X-Forwarded-For': '198.51.100.200',
    });
    expectThrottled(response);
  });

  it('records the socket address, not a spoofed X-Forwarded-For, as the session ip', async () => {
    const { body } = await client.register();
    const { response, tokens } = await client.login(body.username, body.password, {
      'X-Forwarded-For': '198.51.100.77',
    });
    expect(response.status).toBe(200);
    const sessions = await client.get('/api/auth/sessions', tokens.access_token);
    expect(sessions.status).toBe(200);
    const current = (sessions.body as Array<{ current: boolean; ip: string }>).find(
      (session) => session.current,
    );
    expect(current?.ip).not.toBe('198.51.100.77');
  });
});

describe('brute force: client address behind one trusted proxy (TRUST_PROXY=true)', () => {
  const { client } = useTestApp({
    THROTTLE_LOGIN_LIMIT: String(LIMIT),
    THROTTLE_LOGIN_TTL: '60',
    TRUST_PROXY: 'true',
  });

  it('counts different X-Forwarded-For clients separately', async () => {
    const { body } = await client.register();
    const attacker = { 'X-Forwarded-For': '203.0.113.10' };
    await failLogins(client, body.username, LIMIT, attacker);
    expectThrottled((await client.login(body.username, body.password, attacker)).response);
    const { response } = await client.login(body.username, body.password, {
      'X-Forwarded-For': '203.0.113.20',
    });
    expect(response.status).toBe(200);
  });

  it('takes the client address from the right of X-Forwarded-For and shows it as the session ip', async () => {
    const { body } = await client.register();
    const { response, tokens } = await client.login(body.username, body.password, {
      'X-Forwarded-For': '192.0.2.99, 203.0.113.30',
    });
    expect(response.status).toBe(200);
    const sessions = await client.get('/api/auth/sessions', tokens.access_token);
    expect(sessions.status).toBe(200);
    const current = (sessions.body as Array<{ current: boolean; ip: string }>).find(
      (session) => session.current,
    );
    expect(current?.ip).toBe('203.0.113.30');
  });
});
