import { dictionary } from '@zxcvbn-ts/language-common';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Response } from 'supertest';
import { DataSource } from 'typeorm';
import { isCommonPassword } from '../src/users/common-passwords.js';
import { PasswordHasher } from '../src/users/hashing/password-hasher.js';
import { CredentialsService } from '../src/users/credentials.service.js';
import { UsersRepository } from '../src/users/users.repository.js';
import {
  api,
  type Api,
  expectNoSecrets,
  expectProblem,
  strongPassword,
  uniqueUsername,
} from './support/api.js';
import { createTestApp, type TestApp, useTestApp } from './support/test-app.js';

interface Account {
  username: string;
  password: string;
}

const COMMON = ['password123', 'qwertyuiop', 'iloveyou1'];

describe('password policy (NIST SP 800-63B)', () => {
  const { client } = useTestApp();
  let adminToken: string;

  beforeAll(async () => {
    adminToken = (await client.loginAsAdmin()).access_token;
  });

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
  const { testApp, client } = useTestApp({
    THROTTLE_LOGIN_LIMIT: '1000',
    THROTTLE_IP_LIMIT: '1000',
  });

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

describe('after a BCRYPT_COST change', () => {
  let dir: string;
  let testApp: TestApp;
  let client: Api;
  const accounts: Account[] = [];

  /** Users registered at cost 4, then the service restarted on the same database at cost 5. */
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'auth-bcrypt-cost-'));
    const env = { DATABASE_URL: `sqlite:${join(dir, 'app.sqlite')}` };
    const before = await createTestApp({ ...env, BCRYPT_COST: '4' });
    try {
      for (let i = 0; i < 5; i++) {
        const { response, body } = await api(before.server).register();
        expect(response.status).toBe(201);
        accounts.push(body);
      }
    } finally {
      await before.close();
    }
    testApp = await createTestApp({ ...env, BCRYPT_COST: '5' });
    client = api(testApp.server);
  });
  afterAll(async () => {
    await testApp?.close();
    await rm(dir, { recursive: true, force: true });
  });

  /** Read from the database itself: the API never shows a hash. */
  async function storedHash(username: string): Promise<string> {
    const row = await testApp.app
      .get(DataSource)
      .createQueryBuilder()
      .select('u.passwordHash', 'passwordHash')
      .from('users', 'u')
      .where('u.usernameKey = :key', { key: username.toLowerCase() })
      .getRawOne<{ passwordHash: string }>();
    if (!row) throw new Error(`no user ${username}`);
    return row.passwordHash;
  }

  it('re-hashes at the current cost a password stored at another, on a successful login', async () => {
    const { username, password } = accounts[0];
    expect(await storedHash(username)).toMatch(/^\$2[aby]\$04\$/);
    expect((await client.login(username, password)).response.status).toBe(200);
    expect(await storedHash(username)).toMatch(/^\$2[aby]\$05\$/);
    expect((await client.login(username, password)).response.status).toBe(200);
  });

  it('leaves updatedAt as it was when it re-hashes: the user changed nothing', async () => {
    const { username, password } = accounts[3];
    const first = await client.login(username, password);
    expect(first.response.status).toBe(200);
    const second = await client.login(username, password);
    expect(second.response.body.user.updatedAt).toBe(first.response.body.user.updatedAt);
  });

  it('does not re-hash on a wrong password', async () => {
    const { username } = accounts[1];
    const hash = await storedHash(username);
    const { response } = await client.login(username, strongPassword());
    expectProblem(response, 401, 'invalid_credentials');
    expect(await storedHash(username)).toBe(hash);
  });

  it('keeps a password set while a login was re-hashing the old one', async () => {
    const { username, password } = accounts[4];
    const stale = await testApp.app.get(UsersRepository).findCredentials(username.toLowerCase());
    if (!stale) throw new Error(`no user ${username}`);
    const newPassword = strongPassword();
    const admin = await client.loginAsAdmin();
    const set = await client.send('patch', `/api/users/${stale.id}`, admin.access_token, {
      password: newPassword,
    });
    expect(set.status).toBe(200);
    const setHash = await storedHash(username);

    await testApp.app.get(CredentialsService).rehashIfOutdated(stale, password);

    expect(await storedHash(username)).toBe(setHash);
    expect((await client.login(username, newPassword)).response.status).toBe(200);
    expectProblem((await client.login(username, password)).response, 401, 'invalid_credentials');
  });

  it('spends on a wrong password against an older, cheaper hash the bcrypt work of an unknown username', async () => {
    const hasher = testApp.app.get(PasswordHasher);
    const workOf = async (username: string) => {
      const before = hasher.work().rounds;
      const { response } = await client.login(username, strongPassword());
      expectProblem(response, 401, 'invalid_credentials');
      return hasher.work().rounds - before;
    };
    const { username } = accounts[2];
    expect(await storedHash(username)).toMatch(/^\$2[aby]\$04\$/);
    expect(await workOf(username)).toBe(await workOf(uniqueUsername()));
  });
});
