import autocannon from 'autocannon';
import { fork, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * Throughput of the service's hot paths as ratios to a raw node:http server measured in the same
 * run, on loopback, each server in its own process, rounds interleaved so that the machine's
 * noise falls on every target alike. Bounded: ROUNDS × targets × DURATION seconds.
 */
const DURATION_SECONDS = Number(process.env.BENCH_DURATION ?? 3);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 7);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 20);
const here = new URL('.', import.meta.url).pathname;

interface Target {
  name: string;
  port: number;
  path: string;
  headers?: Record<string, string>;
}

function start(
  script: string,
  env: NodeJS.ProcessEnv,
): Promise<{ child: ChildProcess; port: number }> {
  return new Promise((resolve, reject) => {
    const child = fork(join(here, script), { env, stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    child.once('message', (message) =>
      resolve({ child, port: (message as { port: number }).port }),
    );
    child.once('exit', (code) => reject(new Error(`${script} exited with ${code}`)));
  });
}

async function measure(target: Target): Promise<number> {
  const result = await autocannon({
    url: `http://127.0.0.1:${target.port}${target.path}`,
    headers: target.headers,
    connections: CONNECTIONS,
    duration: DURATION_SECONDS,
  });
  if (result.non2xx > 0 || result.errors > 0) {
    throw new Error(`${target.name}: ${result.non2xx} non-2xx answers, ${result.errors} errors`);
  }
  return result.requests.average;
}

async function login(port: number, username: string, password: string): Promise<string> {
  const response = await fetch(`http://127.0.0.1:${port}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password }),
  });
  if (!response.ok) throw new Error(`login failed: ${response.status}`);
  return ((await response.json()) as { access_token: string }).access_token;
}

const median = (values: number[]) =>
  [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

const dir = mkdtempSync(join(tmpdir(), 'auth-bench-'));
const password = 'bench-password-5b1e0c';
const appEnv: NodeJS.ProcessEnv = {
  PATH: process.env.PATH,
  NODE_ENV: 'production',
  DATABASE_URL: `sqlite:${join(dir, 'bench.sqlite')}`,
  JWT_SECRET: 'bench-secret-7f3a91c2e4d8b6a05f1e9c3d7b2a4e6f',
  SEED_ADMIN_USERNAME: 'bench',
  SEED_ADMIN_PASSWORD: password,
  SEED_DEMO_USERS: 'false',
  BCRYPT_COST: '10',
};

const raw = await start('raw-server.js', { PATH: process.env.PATH });
const app = await start('app-server.js', appEnv);
try {
  const bearer = { authorization: `Bearer ${await login(app.port, 'bench', password)}` };
  const targets: Target[] = [
    { name: 'raw node:http', port: raw.port, path: '/' },
    { name: 'GET /health (public, database ping)', port: app.port, path: '/health' },
    {
      name: 'GET /api/bench/claims (JWT guard only)',
      port: app.port,
      path: '/api/bench/claims',
      headers: bearer,
    },
    { name: 'GET /api/users/me', port: app.port, path: '/api/users/me', headers: bearer },
  ];
  for (const target of targets) await measure(target); // warm-up, results dropped
  const rounds: Array<Map<string, number>> = [];
  for (let round = 0; round < ROUNDS; round++) {
    const sample = new Map<string, number>();
    for (const target of targets) sample.set(target.name, await measure(target));
    rounds.push(sample);
  }
  // Ratios are taken within each round (the targets measured a few seconds apart), then the
  // median over rounds: the machine's noise moves the absolute numbers far more than the ratios.
  const ratio = (name: string, base: string) => {
    const values = rounds.map(
      (sample) => (sample.get(name) as number) / (sample.get(base) as number),
    );
    return { median: median(values), min: Math.min(...values), max: Math.max(...values) };
  };
  const format = ({ median: m, min, max }: ReturnType<typeof ratio>) =>
    `${m.toFixed(2)} (${min.toFixed(2)}–${max.toFixed(2)})`;
  const rawName = targets[0].name;
  const claimsName = targets[2].name;
  const meName = targets[3].name;

  console.log(
    `\n${new Date().toISOString().slice(0, 10)}: ${ROUNDS} rounds × ${DURATION_SECONDS} s, ` +
      `${CONNECTIONS} connections; req/s and ratios are medians over rounds (min–max)`,
  );
  console.log('| target | req/s | × raw node:http |');
  console.log('|---|---:|---:|');
  for (const { name } of targets) {
    const rps = median(rounds.map((sample) => sample.get(name) as number));
    console.log(`| ${name} | ${Math.round(rps)} | ${format(ratio(name, rawName))} |`);
  }
  console.log(
    `\n/api/users/me ÷ claims route: ${format(ratio(meName, claimsName))} (target ≥ 0.85)`,
  );
  console.log(`/api/users/me ÷ raw node:http: ${format(ratio(meName, rawName))} (target ≥ 0.25)`);
} finally {
  raw.child.kill();
  app.child.kill();
  rmSync(dir, { recursive: true, force: true });
}
