import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  type Api,
  api,
  expectProblem,
  strongPassword,
  type TokenResponse,
  uniqueUsername,
} from './support/api.js';
import { CLI_MAIN, assertBuilt, exitWithin, startNode } from './support/child-process.js';
import { createTestApp, type TestApp } from './support/test-app.js';
import { sessionIdOf } from './support/tokens.js';

const CLI_EXIT_BOUND_MS = 30_000;

interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

describe('operator CLI', () => {
  let dir: string;
  let database: string;
  const apps: TestApp[] = [];

  beforeAll(() => assertBuilt(CLI_MAIN));

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'auth-cli-'));
    database = `sqlite:${join(dir, 'app.sqlite')}`;
  });

  afterEach(async () => {
    for (const app of apps.splice(0)) await app.close();
    rmSync(dir, { recursive: true, force: true });
  });

  /** The test runner's own settings (JWT_SECRET, BCRYPT_COST, seed), on this test's database. */
  function cliEnv(): Record<string, string | undefined> {
    return { ...process.env, DATABASE_URL: database };
  }

  /** Runs the built CLI to its end; `input` is its standard input (a pipe, not a terminal). */
  async function cli(args: string[], input?: string): Promise<CliRun> {
    const run = startNode(CLI_MAIN, args, { cwd: dir, env: cliEnv(), input });
    const { code } = await exitWithin(run, CLI_EXIT_BOUND_MS);
    return { code, stdout: run.stdout(), stderr: run.stderr() };
  }

  /** The API on the same database file, as a running service would serve it. */
  async function service(): Promise<Api> {
    const app = await createTestApp({ DATABASE_URL: database });
    apps.push(app);
    return api(app.server);
  }

  async function createUser(role = 'user'): Promise<{ username: string; password: string }> {
    const username = uniqueUsername();
    const password = strongPassword();
    const run = await cli(['user:create', '--username', username, '--role', role], `${password}\n`);
    expect(run).toMatchObject({ code: 0, stderr: '' });
    return { username, password };
  }

  async function loggedIn(client: Api, username: string, password: string): Promise<TokenResponse> {
    const { response, tokens } = await client.login(username, password);
    expect(response.status).toBe(200);
    return tokens;
  }

  describe('user:create', () => {
    it('creates an admin who logs in through the API', async () => {
      const { username, password } = await createUser('admin');

      const tokens = await loggedIn(await service(), username, password);

      expect(tokens.user).toMatchObject({ username, roles: ['admin'], disabled: false });
    });

    it('prints the new user but never the password or a hash', async () => {
      const username = uniqueUsername();
      const password = strongPassword();

      const run = await cli(['user:create', '--username', username], `${password}\n`);

      expect(run.code).toBe(0);
      expect(run.stdout).toContain(username);
      for (const output of [run.stdout, run.stderr]) {
        expect(output).not.toContain(password);
        expect(output).not.toMatch(/\$2[aby]\$\d\d\$/);
      }
    });

    it('asks for the password twice without echoing it on a terminal', async () => {
      const username = uniqueUsername();
      const password = strongPassword();

      const run = await cliOnTerminal(
        ['user:create', '--username', username],
        [password, password],
      );

      expect(run.code).toBe(0);
      expect(run.output).toMatch(/Password: .*Repeat the password: /s);
      expect(run.output).not.toContain(password);
      await loggedIn(await service(), username, password);
    });

    it('refuses a username that is taken, in any case, with exit code 1', async () => {
      const { username } = await createUser();

      const run = await cli(
        ['user:create', '--username', username.toUpperCase()],
        `${strongPassword()}\n`,
      );

      expect(run.code).toBe(1);
      expect(run.stderr).toMatch(/already taken \(username_taken\)/);
      expect(run.stderr).not.toMatch(/\n\s+at /);
    });

    it('refuses a commonly used password with exit code 1', async () => {
      const run = await cli(['user:create', '--username', uniqueUsername()], 'password\n');

      expect(run.code).toBe(1);
      expect(run.stderr).toMatch(/commonly used passwords.*\(weak_password\)/);
    });

    it('refuses a password equal to the username with exit code 1', async () => {
      const username = uniqueUsername();

      const run = await cli(['user:create', '--username', username], `${username}\n`);

      expect(run.code).toBe(1);
      expect(run.stderr).toMatch(/\(weak_password\)/);
    });

    it('refuses a password shorter than 8 characters with exit code 1', async () => {
      const run = await cli(['user:create', '--username', uniqueUsername()], 'short\n');

      expect(run.code).toBe(1);
      expect(run.stderr).toMatch(/password must be a string of 8 to 256 characters/);
    });

    it('refuses a username outside the pattern with exit code 1', async () => {
      const run = await cli(['user:create', '--username', 'no spaces'], `${strongPassword()}\n`);

      expect(run.code).toBe(1);
      expect(run.stderr).toMatch(/username must be 3 to 32 characters/);
    });

    it('refuses an unknown role with exit code 1', async () => {
      const run = await cli(
        ['user:create', '--username', uniqueUsername(), '--role', 'root'],
        `${strongPassword()}\n`,
      );

      expect(run.code).toBe(1);
      expect(run.stderr).toMatch(/roles must contain only user, admin/);
    });

    it('refuses to run without a password on standard input', async () => {
      const run = await cli(['user:create', '--username', uniqueUsername()], '');

      expect(run.code).toBe(1);
      expect(run.stderr).toMatch(/No password on standard input/);
    });
  });

  describe('user:set-password', () => {
    it('replaces the password: the old one fails, the new one logs in', async () => {
      const { username, password } = await createUser();
      const newPassword = strongPassword();

      const run = await cli(['user:set-password', '--username', username], `${newPassword}\n`);

      expect(run.code).toBe(0);
      const client = await service();
      expectProblem((await client.login(username, password)).response, 401, 'invalid_credentials');
      await loggedIn(client, username, newPassword);
    });

    it("ends the user's sessions", async () => {
      const { username, password } = await createUser();
      const client = await service();
      const tokens = await loggedIn(client, username, password);

      await cli(['user:set-password', '--username', username], `${strongPassword()}\n`);

      expectProblem(await client.refresh(tokens.refresh_token), 401, 'token_revoked');
    });

    it('refuses a weak password and keeps the old one', async () => {
      const { username, password } = await createUser();

      const run = await cli(['user:set-password', '--username', username], 'password\n');

      expect(run.code).toBe(1);
      expect(run.stderr).toMatch(/\(weak_password\)/);
      await loggedIn(await service(), username, password);
    });

    it('names an unknown user, with exit code 1', async () => {
      const username = uniqueUsername();

      const run = await cli(['user:set-password', '--username', username], `${strongPassword()}\n`);

      expect(run.code).toBe(1);
      expect(run.stderr).toContain(`No user has the username ${username} (not_found)`);
    });
  });

  describe('user:disable and user:enable', () => {
    it('disables a user: the right password then answers account_disabled', async () => {
      const { username, password } = await createUser();

      const run = await cli(['user:disable', '--username', username]);

      expect(run.code).toBe(0);
      const { response } = await (await service()).login(username, password);
      expectProblem(response, 401, 'account_disabled');
    });

    it('enables a disabled user again', async () => {
      const { username, password } = await createUser();
      await cli(['user:disable', '--username', username]);

      const run = await cli(['user:enable', '--username', username]);

      expect(run.code).toBe(0);
      await loggedIn(await service(), username, password);
    });

    it('refuses to disable the last enabled admin, with exit code 1', async () => {
      const run = await cli(['user:disable', '--username', 'admin']);

      expect(run.code).toBe(1);
      expect(run.stderr).toMatch(/last enabled admin.*\(last_admin\)/);
    });
  });

  describe('sessions:list and sessions:revoke', () => {
    it("lists the user's live sessions", async () => {
      const { username, password } = await createUser();
      const client = await service();
      const first = await loggedIn(client, username, password);
      const second = await loggedIn(client, username, password);

      const run = await cli(['sessions:list', '--user', username, '--json']);

      expect(run.code).toBe(0);
      const ids = (JSON.parse(run.stdout) as Array<{ id: string }>).map(({ id }) => id);
      expect(ids.sort()).toEqual(
        [sessionIdOf(first.access_token), sessionIdOf(second.access_token)].sort(),
      );
    });

    it('lists sessions as a table by default', async () => {
      const { username, password } = await createUser();
      const tokens = await loggedIn(await service(), username, password);

      const run = await cli(['sessions:list', '--user', username]);

      expect(run.code).toBe(0);
      expect(run.stdout).toMatch(/^ID\s+CREATED\s+LAST USED\s+EXPIRES\s+IP\s+USER AGENT/);
      expect(run.stdout).toContain(sessionIdOf(tokens.access_token));
    });

    it('ends every session of the user: their refresh tokens are refused', async () => {
      const { username, password } = await createUser();
      const client = await service();
      const tokens = await loggedIn(client, username, password);

      const run = await cli(['sessions:revoke', '--user', username]);

      expect(run.code).toBe(0);
      expectProblem(await client.refresh(tokens.refresh_token), 401, 'token_revoked');
      expect(
        JSON.parse((await cli(['sessions:list', '--user', username, '--json'])).stdout),
      ).toEqual([]);
    });

    it('makes a service started after the revocation refuse the old access token', async () => {
      const { username, password } = await createUser();
      const tokens = await loggedIn(await service(), username, password);

      await cli(['sessions:revoke', '--user', username]);

      const response = await (await service()).get('/api/users/me', tokens.access_token);
      expectProblem(response, 401, 'token_revoked');
    });
  });

  describe('usage', () => {
    it('prints every command with --help and exits 0', async () => {
      const run = await cli(['--help']);

      expect(run.code).toBe(0);
      for (const command of [
        'user:create',
        'user:set-password',
        'user:disable',
        'user:enable',
        'sessions:list',
        'sessions:revoke',
      ]) {
        expect(run.stdout).toContain(command);
      }
    });

    it("prints a command's options with <command> --help and exits 0", async () => {
      const run = await cli(['user:create', '--help']);

      expect(run.code).toBe(0);
      expect(run.stdout).toMatch(/--username <name>/);
      expect(run.stdout).toMatch(/--role <role>/);
    });

    it('refuses an unknown command with exit code 2', async () => {
      const run = await cli(['user:destroy', '--username', 'admin']);

      expect(run.code).toBe(2);
      expect(run.stderr).toContain("Unknown command 'user:destroy'");
    });

    it('refuses an unknown option with exit code 2', async () => {
      const run = await cli(['user:disable', '--username', 'admin', '--force']);

      expect(run.code).toBe(2);
      expect(run.stderr).toContain("Unknown option '--force'");
    });

    it('refuses a command without its required option, with exit code 2', async () => {
      const run = await cli(['sessions:revoke']);

      expect(run.code).toBe(2);
      expect(run.stderr).toContain('sessions:revoke needs --user');
    });

    it('refuses to run without a command, with exit code 2', async () => {
      const run = await cli([]);

      expect(run.code).toBe(2);
      expect(run.stderr).toContain('No command given');
    });
  });

  /**
   * Runs the CLI on a pseudo-terminal (util-linux `script`), typing each answer once its prompt
   * shows; `output` is everything the terminal showed.
   */
  async function cliOnTerminal(
    args: string[],
    answers: string[],
  ): Promise<{ code: number | null; output: string }> {
    const command = [process.execPath, CLI_MAIN, ...args].map((arg) => `'${arg}'`).join(' ');
    const terminal = spawn('script', ['--quiet', '--return', '--command', command, '/dev/null'], {
      cwd: dir,
      env: cliEnv(),
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    const prompts = [/Password: $/, /Repeat the password: $/];
    let output = '';
    let answered = 0;
    terminal.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString('utf8');
      if (answered < answers.length && prompts[answered].test(output)) {
        terminal.stdin.write(`${answers[answered]}\r`);
        answered += 1;
      }
    });
    const code = await new Promise<number | null>((resolve) => terminal.once('exit', resolve));
    return { code, output };
  }
});
