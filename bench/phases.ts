import { bulkUsername } from '../scripts/bulk-users.js';
import { encodeCursor } from '../src/users/user-cursor.js';
import { type AppUnderTest, login, loginBody } from './app-under-test.js';
import { load, type LoadSpec } from './load-client.js';
import { BURST_LOGIN, BURST_ME, ME_PHASE, ME_UNLOGGED_PHASE, type Row } from './report.js';
import { type ServerProcess, serverUsage } from './server-process.js';
import {
  ADMIN_USERNAME,
  adminPassword,
  BULK_COST,
  bulkPassword,
  BURST_SECONDS,
  DURATION,
  WARM_UP_SECONDS,
} from './settings.js';

type Spec = Omit<LoadSpec, 'durationSeconds'>;
type Context = Pick<Row, 'database' | 'users'>;

const log = (line: string) => process.stderr.write(`${line}\n`);

/** One phase: an optional warm-up, then the load, with the server's CPU time read around it. */
export async function measure(
  server: ServerProcess,
  context: Context,
  phase: string,
  spec: Spec,
  { warmUp = WARM_UP_SECONDS > 0, durationSeconds = DURATION } = {},
): Promise<Row> {
  if (warmUp) await load({ ...spec, durationSeconds: WARM_UP_SECONDS });
  const before = await serverUsage(server);
  const result = await load({ ...spec, durationSeconds });
  const after = await serverUsage(server);
  log(`  ${context.users || ''} ${phase}: ${Math.round(result.requestsPerSecond)} req/s`);
  const cpuUsPerRequest =
    result.requests > 0 ? (after.cpuUs - before.cpuUs) / result.requests : undefined;
  const connections = spec.refreshTokens?.length ?? spec.connections;
  return { ...context, phase, connections, result, cpuUsPerRequest };
}

/** The hot paths (public, JWT guard only, /me, refresh), measured on the small database. */
export async function hotPaths(app: AppUnderTest, context: Context): Promise<Row[]> {
  const { server, url, user } = app;
  const rows = [
    await measure(server, context, 'GET /.well-known/jwks.json (public)', {
      url: url('/.well-known/jwks.json'),
      connections: 50,
    }),
    await measure(server, context, 'GET /api/bench/claims (JWT guard only)', {
      url: url('/api/bench/claims'),
      authorization: user,
      connections: 50,
    }),
    await measure(server, context, ME_PHASE, {
      url: url('/api/users/me'),
      authorization: user,
      connections: 50,
    }),
  ];
  const sessions = await Promise.all(
    [0, 1, 2, 3].map(() => login(server.port, bulkUsername(0), bulkPassword)),
  );
  const refresh: Spec = {
    url: url('/api/auth/refresh'),
    method: 'POST',
    connections: sessions.length,
    refreshTokens: sessions.map((session) => session.refresh_token),
  };
  // No warm-up: it would rotate the tokens the phase starts from.
  rows.push(await measure(server, context, 'POST /api/auth/refresh', refresh, { warmUp: false }));
  return rows;
}

/**
 * `/me` as in `hotPaths`, on a server whose request log is off: what the log line costs. The
 * server first takes the load the logged one had taken before its `/me` phase (the two phases
 * ahead of it), so that both are measured with their code equally warm.
 */
export async function meWithoutRequestLog(app: AppUnderTest, context: Context): Promise<Row> {
  const spec = { url: app.url('/api/users/me'), authorization: app.user, connections: 50 };
  await load({ ...spec, durationSeconds: 2 * (WARM_UP_SECONDS + DURATION) });
  return measure(app.server, context, ME_UNLOGGED_PHASE, spec, { warmUp: false });
}

/** The phases compared between the two sizes, each at the same relative spot of its users. */
export function scalePhases(app: AppUnderTest): Array<{ phase: string; spec: Spec }> {
  const { users, url, admin, user } = app;
  const deepCursor = encodeCursor(bulkUsername(Math.floor(users * 0.9)));
  const prefix = bulkUsername(Math.floor(users / 2)).slice(0, -1);
  return [
    {
      phase: `${ME_PHASE} (10)`,
      spec: { url: url('/api/users/me'), authorization: user, connections: 10 },
    },
    {
      phase: 'GET /api/users?cursor= (deep page)',
      spec: { url: url(`/api/users?cursor=${deepCursor}`), authorization: admin, connections: 10 },
    },
    {
      phase: 'GET /api/users?q= (prefix, 10 hits)',
      spec: { url: url(`/api/users?q=${prefix}`), authorization: admin, connections: 10 },
    },
    {
      phase: `POST /api/auth/login (cost ${BULK_COST})`,
      spec: {
        url: url('/api/auth/login'),
        method: 'POST',
        bodies: [loginBody(bulkUsername(2), bulkPassword)],
        connections: 8,
      },
    },
    {
      // Taking the admin role away runs the last-admin rule; giving it back does not.
      phase: 'PATCH /api/users/:id roles (admin ⇄ user)',
      spec: {
        url: url(`/api/users/${app.roleTargetId}`),
        method: 'PATCH',
        authorization: admin,
        bodies: ['{"roles":["admin"]}', '{"roles":["user"]}'],
        connections: 1,
      },
    },
  ];
}

/** Logins alone, `/me` alone, then both at once: what a burst of logins does to everyone else. */
export async function loginBurst(app: AppUnderTest, context: Context): Promise<Row[]> {
  const { server } = app;
  const logins: Spec = {
    url: app.url('/api/auth/login'),
    method: 'POST',
    bodies: [loginBody(ADMIN_USERNAME, adminPassword)],
    connections: 8,
  };
  const me: Spec = { url: app.url('/api/users/me'), authorization: app.user, connections: 10 };
  const options = { warmUp: false, durationSeconds: BURST_SECONDS };
  // Logins the client gave up on may still be hashing in the server: wait for them.
  const drain = () => login(server.port, ADMIN_USERNAME, adminPassword);
  const loginsAlone = await measure(server, context, `${BURST_LOGIN} alone`, logins, options);
  await drain();
  const meAlone = await measure(server, context, `${BURST_ME} alone`, me, options);
  const [burst, meDuring] = await Promise.all([
    load({ ...logins, durationSeconds: BURST_SECONDS }),
    load({ ...me, durationSeconds: BURST_SECONDS }),
  ]);
  await drain();
  log(`  burst: ${Math.round(meDuring.requestsPerSecond)} req/s of /me beside the logins`);
  return [
    loginsAlone,
    meAlone,
    { ...context, phase: `${BURST_LOGIN} in the burst`, connections: 8, result: burst },
    { ...context, phase: `${BURST_ME} during the burst`, connections: 10, result: meDuring },
  ];
}
