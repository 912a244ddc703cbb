import { dictionary } from '@zxcvbn-ts/language-common';
import type { Response } from 'supertest';
import { isCommonPassword } from '../src/users/common-passwords.js';
import { PasswordHasher } from '../src/users/hashing/password-hasher.js';
import {
  api,
  type Api,
  expectNoSecrets,
  expectProblem,
  strongPassword,
  uniqueUsername,
} from './support/api.js';
import { createTestApp, type TestApp } from './support/test-app.js';

const COMMON = ['password123', 'qwertyuiop', 'iloveyou1'];

describe('password policy (NIST SP 800-63B)', () => {
  let testApp: TestApp;
  let client: Api;
  let adminToken: string;

  beforeAll(async () => {
    testApp = await createTestApp();
    client = api(testApp.server);
    adminToken = (await client.loginAsAdmin()).access_token;
  });
  afterAll(() => testApp.close());

  async function createByAdmin(body: Record<string, unknown>) {
    return client.send('post', '/api/users', adminToken, {
      username: uniqueUsername(),
      password: strongPassword(),
      ...body,
    });
  }

  it.each(COMMON)(
    'refuses the common password %s on register (400 weak_password)',
    async (password) => {
      const { response } = await client.register({ password });
      expectProblem(response, 400, 'weak_password');
    },
  );

  it('refuses a common password in another case or in full-width forms on register', async () => {
    for (const password of ['PASSWORD123', 'QwertyUiop', 'ｉｌｏｖｅｙｏｕ１']) {
      const { response } = await client.register({ password });
      expectProblem(response, 400, 'weak_password');
    }
  });

  it.each(COMMON)(
    'refuses the common password %s when an admin creates a user',
    async (password) => {
      const response = await createByAdmin({ password });
      expectProblem(response, 400, 'weak_password');
    },
  );

  it.each(COMMON)(
    'refuses the common password %s when an admin sets a password',
    async (password) => {
      const created = await createByAdmin({});
      expect(created.status).toBe(201);
      const response = await client.send('patch', `/api/users/${created.body.id}`, adminToken, {
        password,
      });
      expectProblem(response, 400, 'weak_password');
    },
  );

  it.each(COMMON)(
    'refuses the common password %s on change-password and keeps the old one',
    async (password) => {
      const { body, tokens } = await client.register();
      const response = await client.send('post', '/api/auth/change-password', tokens.access_token, {
        currentPassword: body.password,
        newPassword: password,
      });
      expectProblem(response, 400, 'weak_password');
      expect((await client.login(body.username, body.password)).response.status).toBe(200);
      expect((await client.login(body.username, password)).response.status).toBe(401);
    },
  );

  it('refuses a password equal to the username ignoring case on register', async () => {
    const username = uniqueUsername('Same');
    const { response } = await client.register({ username, password: username.toUpperCase() });
    expectProblem(response, 400, 'weak_password');
  });

  it('refuses a password equal to the username ignoring case when an admin creates a user', async () => {
    const username = uniqueUsername('Same');
    const response = await createByAdmin({ username, password: username.toLowerCase() });
    expectProblem(response, 400, 'weak_password');
  });

  it('refuses a password equal to the username ignoring case when an admin sets a password', async () => {
    const username = uniqueUsername('Same');
    const created = await createByAdmin({ username });
    expect(created.status).toBe(201);
    const response = await client.send('patch', `/api/users/${created.body.id}`, adminToken, {
      password: username.toUpperCase(),
    });
    expectProblem(response, 400, 'weak_password');
  });

  it('refuses a password equal to the username ignoring case on change-password', async () => {
    const { body, tokens } = await client.register({ username: uniqueUsername('Same') });
    const response = await client.send('post', '/api/auth/change-password', tokens.access_token, {
      currentPassword: body.password,
      newPassword: body.username.toUpperCase(),
    });
    expectProblem(response, 400, 'weak_password');
  });

  it('checks against a list of at least 10,000 common passwords', () => {
    const list = dictionary['passwords-common'];
    expect(list.length).toBeGreaterThanOrEqual(10_000);
    for (const known of [
      '123456',
      'password',
      'qwerty',
      'letmein',
      'monkey',
      'dragon',
      ...COMMON,
    ]) {
      expect(isCommonPassword(known)).toBe(true);
    }
    // The service's list is that list: entries from all over it are recognised.
    for (let i = 0; i < list.length; i += 997) expect(isCommonPassword(list[i])).toBe(true);
    expect(isCommonPassword(strongPassword())).toBe(false);
  });

  it('imposes no composition rules: a long lowercase passphrase is accepted', async () => {
    const password = 'purple elephants dance quietly under moonlight';
    const { response, body } = await client.register({ password });
    expect(response.status).toBe(201);
    expect((await client.login(body.username, password)).response.status).toBe(200);
  });

  it('imposes no composition rules on admin-set passwords either', async () => {
    const response = await createByAdmin({ password: 'sleepy turtles guard the old lighthouse' });
    expect(response.status).toBe(201);
    expectNoSecrets(response);
  });
});

describe('login cost for unknown usernames', () => {
  let testApp: TestApp;
  let client: Api;

  beforeAll(async () => {
    testApp = await createTestApp({ THROTTLE_LOGIN_LIMIT: '1000', THROTTLE_IP_LIMIT: '1000' });
    client = api(testApp.server);
  });
  afterAll(() => testApp.close());

  /** The bcrypt checks a failed login ran on the hashing threads, and the hashes it asked for. */
  async function comparesDuring(
    call: () => Promise<{ response: Response }>,
  ): Promise<{ compares: number; hashes: string[] }> {
    const hasher = testApp.app.get(PasswordHasher);
    const verify = vi.spyOn(hasher, 'verify');
    const before = hasher.work().compares;
    try {
      const { response } = await call();
      expectProblem(response, 401, 'invalid_credentials');
      return {
        compares: hasher.work().compares - before,
        hashes: verify.mock.calls.map(([, hash]) => hash),
      };
    } finally {
      verify.mockRestore();
    }
  }

  it('spends exactly one bcrypt compare, against a real hash of the configured cost, on an unknown username', async () => {
    const { compares, hashes } = await comparesDuring(() =>
      client.login(uniqueUsername(), strongPassword()),
    );
    expect(compares).toBe(1);
    expect(hashes).toHaveLength(1);
    expect(hashes[0]).toMatch(/^\$2[aby]\$04\$[./A-Za-z0-9]{53}$/);
  });

  it('spends exactly one bcrypt compare on a known username with a wrong password', async () => {
    const { body } = await client.register();
    const { compares, hashes } = await comparesDuring(() =>
      client.login(body.username, strongPassword()),
    );
    expect(compares).toBe(1);
    expect(hashes).toHaveLength(1);
    expect(hashes[0]).toMatch(/^\$2[aby]\$04\$/);
  });
});
