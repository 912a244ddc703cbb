import autocannon from 'autocannon';
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';

export interface LoadSpec {
  url: string;
  connections: number;
  durationSeconds: number;
  method?: 'GET' | 'POST' | 'PATCH';
  authorization?: string;
  /** JSON bodies sent in turn. */
  bodies?: string[];
  /** One refresh token per connection; each connection sends the successor of its last one. */
  refreshTokens?: string[];
}

export interface LoadResult {
  requests: number;
  requestsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  /** Non-2xx/3xx answers, timeouts and socket errors. */
  failed: number;
}

const WRK = '/usr/bin/wrk';
const wrkScript = join(new URL('.', import.meta.url).pathname, '../../bench/wrk.lua');

/** wrk (C, one thread per connection group) costs the shared cores far less than autocannon. */
export const loadClientName = existsSync(WRK) ? 'wrk' : 'autocannon';

export function load(spec: LoadSpec): Promise<LoadResult> {
  return loadClientName === 'wrk' ? loadWithWrk(spec) : loadWithAutocannon(spec);
}

async function loadWithWrk(spec: LoadSpec): Promise<LoadResult> {
  // Refresh needs one token per thread (each thread owns one connection); else one thread.
  const threads = spec.refreshTokens ? spec.refreshTokens.length : 1;
  const env: NodeJS.ProcessEnv = { PATH: process.env.PATH, BENCH_METHOD: spec.method ?? 'GET' };
  if (spec.authorization) env.BENCH_AUTHORIZATION = spec.authorization;
  if (spec.bodies) env.BENCH_BODIES = spec.bodies.join('\n');
  if (spec.refreshTokens) env.BENCH_REFRESH_TOKENS = spec.refreshTokens.join(' ');
  const { stdout } = await promisify(execFile)(
    WRK,
    [
      `-t${threads}`,
      `-c${spec.refreshTokens ? threads : spec.connections}`,
      `-d${spec.durationSeconds}s`,
      '--timeout',
      '30s',
      '-s',
      wrkScript,
      spec.url,
    ],
    { env },
  );
  const line = stdout.split('\n').find((text) => text.startsWith('BENCH_RESULT '));
  if (!line) throw new Error(`wrk printed no result:\n${stdout}`);
  const result = JSON.parse(line.slice('BENCH_RESULT '.length)) as {
    requests: number;
    durationUs: number;
    p50Us: number;
    p99Us: number;
    failed: number;
  };
  return {
    requests: result.requests,
    requestsPerSecond: result.requests / (result.durationUs / 1e6),
    p50Ms: result.p50Us / 1000,
    p99Ms: result.p99Us / 1000,
    failed: result.failed,
  };
}

async function loadWithAutocannon(spec: LoadSpec): Promise<LoadResult> {
  const headers: Record<string, string> = {};
  if (spec.authorization) headers.authorization = spec.authorization;
  if (spec.bodies || spec.refreshTokens) headers['content-type'] = 'application/json';
  const method = spec.method ?? 'GET';
  let requests: autocannon.Request[] | undefined = spec.bodies?.map((body) => ({ method, body }));
  if (spec.refreshTokens) {
    // autocannon resets a connection's context after each pass over `requests`, so the
    // current token lives here; one connection keeps the rotation in order.
    let token = spec.refreshTokens[0];
    requests = [
      {
        method,
        setupRequest: (request) => ({ ...request, body: JSON.stringify({ refresh_token: token }) }),
        onResponse: (status, body) => {
          if (status === 200) token = (JSON.parse(body) as { refresh_token: string }).refresh_token;
        },
      },
    ];
  }
  const result = await autocannon({
    url: spec.url,
    method,
    headers,
    requests,
    connections: spec.refreshTokens ? 1 : spec.connections,
    duration: spec.durationSeconds,
    timeout: 30,
  });
  return {
    requests: result.requests.total,
    requestsPerSecond: result.requests.total / (result.duration || spec.durationSeconds),
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    failed: result.non2xx + result.errors + result.timeouts,
  };
}
