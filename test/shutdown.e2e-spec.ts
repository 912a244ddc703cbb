import { mkdtempSync, rmSync } from 'node:fs';
import http from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ADMIN } from './support/api.js';
import {
  assertBuilt,
  exitWithin,
  kill,
  listeningUrl,
  type NodeProcess,
  SERVICE_MAIN,
  startNode,
} from './support/child-process.js';

/** Far below the 72 s a kept-alive connection would hold the process without a graceful close. */
const EXIT_BOUND_MS = 20_000;

interface Answer {
  status: number;
  connection: string | undefined;
}

/** A request over its own kept-alive connection; `sent` resolves once the body is on the wire. */
function request(
  url: string,
  method: string,
  agent: http.Agent,
  body?: unknown,
): { sent: Promise<void>; answer: Promise<Answer> } {
  let onSent: () => void = () => undefined;
  const sent = new Promise<void>((resolve) => (onSent = resolve));
  const answer = new Promise<Answer>((resolve, reject) => {
    const outgoing = http.request(
      url,
      { method, agent, headers: body === undefined ? {} : { 'content-type': 'application/json' } },
      (response) => {
        response.resume();
        response.once('end', () =>
          resolve({ status: response.statusCode ?? 0, connection: response.headers.connection }),
        );
      },
    );
    outgoing.once('error', reject);
    outgoing.once('finish', onSent);
    outgoing.end(body === undefined ? undefined : JSON.stringify(body));
  });
  return { sent, answer };
}

/**
 * Sends requests on new connections until one is refused (503, or the connection itself once the
 * listener has closed); resolves with how it was refused.
 */
async function refusalOfNewRequests(url: string, attempts = 500): Promise<string> {
  for (let attempt = 0; attempt < attempts; attempt++) {
    const agent = new http.Agent({ keepAlive: false });
    try {
      const { status } = await request(`${url}/health`, 'GET', agent).answer;
      if (status !== 200) return String(status);
    } catch (error) {
      return (error as NodeJS.ErrnoException).code ?? String(error);
    } finally {
      agent.destroy();
    }
  }
  throw new Error(`still answering after ${attempts} requests`);
}

describe('graceful shutdown', () => {
  const running: NodeProcess[] = [];
  const agents: http.Agent[] = [];
  const dirs: string[] = [];

  beforeAll(() => assertBuilt(SERVICE_MAIN));

  afterEach(async () => {
    for (const agent of agents.splice(0)) agent.destroy();
    for (const service of running.splice(0)) await kill(service);
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  });

  /** The built service on a SQLite file of its own; logins cost `bcryptCost`. */
  async function startService(bcryptCost: number): Promise<{ service: NodeProcess; url: string }> {
    const dir = mkdtempSync(join(tmpdir(), 'auth-shutdown-'));
    dirs.push(dir);
    const service = startNode(SERVICE_MAIN, [], {
      cwd: dir,
      env: {
        NODE_ENV: 'test',
        PORT: '0',
        DATABASE_URL: `sqlite:${join(dir, 'app.sqlite')}`,
        JWT_SECRET: process.env.JWT_SECRET,
        BCRYPT_COST: String(bcryptCost),
        SEED_ADMIN_PASSWORD: ADMIN.password,
        SEED_DEMO_USERS: 'false',
      },
    });
    running.push(service);
    return { service, url: await listeningUrl(service) };
  }

  function keepAliveAgent(): http.Agent {
    const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
    agents.push(agent);
    return agent;
  }

  /** A connection that answered once and is now kept alive, idle. */
  async function idleConnection(url: string): Promise<void> {
    const { answer } = request(`${url}/health`, 'GET', keepAliveAgent());
    expect((await answer).status).toBe(200);
  }

  it('completes a login that is in flight when SIGTERM arrives, then ends its connection', async () => {
    const { service, url } = await startService(13);
    const login = request(`${url}/api/auth/login`, 'POST', keepAliveAgent(), ADMIN);
    await login.sent;
    // Answered after the login's bytes arrived, so the server has the login by then.
    await idleConnection(url);

    service.child.kill('SIGTERM');

    // `Connection: close` shows that the shutdown began while the login was still running.
    expect(await login.answer).toEqual({ status: 200, connection: 'close' });
  }, 60_000);

  it('refuses new requests while it finishes the ones in flight', async () => {
    const { service, url } = await startService(13);
    const login = request(`${url}/api/auth/login`, 'POST', keepAliveAgent(), ADMIN);
    await login.sent;
    await idleConnection(url);

    service.child.kill('SIGTERM');

    expect(await refusalOfNewRequests(url)).toMatch(/^(503|ECONNREFUSED|ECONNRESET)$/);
    expect((await login.answer).status).toBe(200);
  }, 60_000);

  it.each(['SIGTERM', 'SIGINT'] as const)(
    'exits 0 on %s without waiting for idle kept-alive connections',
    async (signal) => {
      const { service, url } = await startService(4);
      await idleConnection(url);

      service.child.kill(signal);

      expect(await exitWithin(service, EXIT_BOUND_MS)).toEqual({ code: 0, signal: null });
    },
    60_000,
  );

  it('exits 0 once a login in flight at SIGTERM has been answered', async () => {
    const { service, url } = await startService(13);
    const login = request(`${url}/api/auth/login`, 'POST', keepAliveAgent(), ADMIN);
    await login.sent;
    await idleConnection(url);

    service.child.kill('SIGTERM');

    expect((await login.answer).status).toBe(200);
    expect(await exitWithin(service, EXIT_BOUND_MS)).toEqual({ code: 0, signal: null });
  }, 60_000);
});
