import type { LoadResult } from './load-client.js';

export interface Row {
  database: string;
  /** Users in the database; 0 for the raw server. */
  users: number;
  phase: string;
  connections: number;
  result: LoadResult;
  /** Absent where two loads ran at once (the burst): the CPU time is theirs together. */
  cpuUsPerRequest?: number;
}

export interface ScaleRun {
  database: string;
  users: number;
  startMs: number;
  rssBytes: number;
}

export interface Report {
  date: string;
  client: string;
  machine: string;
  durationSeconds: number;
  quick: boolean;
  bcryptPerSecond: number;
  burstCost: number;
  small: number;
  large: number;
  rows: Row[];
  scale: ScaleRun[];
  totalSeconds: number;
}

const RAW = 'raw node:http';
const fixed = (value: number, digits = 2) => value.toFixed(digits);
const whole = (value: number) => Math.round(value).toLocaleString('en-US');

/** One Markdown table of every phase, then the targets as ratios. */
export function printReport(report: Report): void {
  const { rows } = report;
  const out: string[] = [
    `${report.date}: ${report.client} on loopback, ${report.machine}, ` +
      `${report.durationSeconds} s per phase${report.quick ? ' (quick mode)' : ''}; ` +
      `total ${fixed(report.totalSeconds / 60, 1)} min`,
    '',
    '| database | users | phase | conn. | req/s | p50 ms | p99 ms | server CPU µs/req | × raw req/s | × raw CPU | failed |',
    '|---|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|',
  ];
  for (const row of rows) {
    const raw = find(rows, row.database, 0, RAW);
    const cpu = row.cpuUsPerRequest;
    const rawCpu = raw?.cpuUsPerRequest;
    out.push(
      `| ${row.database} | ${row.users ? whole(row.users) : '—'} | ${row.phase} | ` +
        `${row.connections} | ${whole(row.result.requestsPerSecond)} | ` +
        `${fixed(row.result.p50Ms)} | ${fixed(row.result.p99Ms)} | ` +
        `${cpu === undefined ? '—' : whole(cpu)} | ` +
        `${raw ? fixed(row.result.requestsPerSecond / raw.result.requestsPerSecond) : '—'} | ` +
        `${cpu && rawCpu ? fixed(rawCpu / cpu) : '—'} | ${row.result.failed} |`,
    );
  }
  out.push(
    '',
    `bcryptjs, one thread, cost ${report.burstCost}: ${fixed(report.bcryptPerSecond)} compares/s`,
  );
  for (const database of new Set(rows.map((row) => row.database))) {
    out.push('', ...targets(report, database));
  }
  console.log(out.join('\n'));
}

function targets(report: Report, database: string): string[] {
  const { rows, small, large, burstCost } = report;
  const at = (users: number, phase: string) => find(rows, database, users, phase);
  const raw = at(0, RAW);
  const me = at(small, 'GET /api/users/me');
  const loginsAlone = at(small, `POST /api/auth/login (cost ${burstCost}) alone`);
  const meAlone = at(small, 'GET /api/users/me (10) alone');
  const meDuring = at(small, 'GET /api/users/me (10) during the burst');
  const lines = [`**${database}**`, ''];
  if (raw && me?.cpuUsPerRequest && raw.cpuUsPerRequest) {
    lines.push(
      `- /me ÷ raw node:http: ${fixed(me.result.requestsPerSecond / raw.result.requestsPerSecond)} ` +
        `by req/s, ${fixed(raw.cpuUsPerRequest / me.cpuUsPerRequest)} by server CPU (target ≥ 0.25)`,
    );
  }
  if (loginsAlone) {
    lines.push(
      `- logins/s ÷ single-thread bcryptjs: ` +
        `${fixed(loginsAlone.result.requestsPerSecond / report.bcryptPerSecond)} (target ≥ 1.8)`,
    );
  }
  if (meAlone && meDuring) {
    lines.push(
      `- /me during the burst: ${fixed(meDuring.result.requestsPerSecond / meAlone.result.requestsPerSecond)}× ` +
        `the req/s alone (target ≥ 0.5), p99 ${fixed(meDuring.result.p99Ms, 1)} ms ` +
        `against ${fixed(meAlone.result.p99Ms, 1)} ms alone (target ≤ 50 ms)`,
    );
  }
  const scaled = rows.filter((row) => row.database === database && row.users === large);
  const runs = report.scale.filter((run) => run.database === database);
  const smallRun = runs.find((run) => run.users === small);
  const largeRun = runs.find((run) => run.users === large);
  if (scaled.length === 0 || !smallRun || !largeRun) return lines;
  lines.push(
    '',
    `| ${database} | ${whole(small)} users | ${whole(large)} users | cost × at ${whole(large)} (target ≤ 1.2) |`,
    '|---|---:|---:|---:|',
    `| start-up (spawn to listening) | ${whole(smallRun.startMs)} ms | ${whole(largeRun.startMs)} ms | ` +
      `${fixed(largeRun.startMs / smallRun.startMs)} |`,
  );
  for (const row of scaled) {
    const base = at(small, row.phase);
    if (!base) continue;
    lines.push(
      `| ${row.phase} | ${whole(base.result.requestsPerSecond)} req/s, p99 ${fixed(base.result.p99Ms, 1)} ms | ` +
        `${whole(row.result.requestsPerSecond)} req/s, p99 ${fixed(row.result.p99Ms, 1)} ms | ` +
        `${fixed(base.result.requestsPerSecond / row.result.requestsPerSecond)} |`,
    );
  }
  lines.push(
    `| RSS after the run | ${whole(smallRun.rssBytes / 2 ** 20)} MiB | ${whole(largeRun.rssBytes / 2 ** 20)} MiB | ` +
      `${fixed(largeRun.rssBytes / smallRun.rssBytes)} |`,
  );
  return lines;
}

function find(rows: Row[], database: string, users: number, phase: string): Row | undefined {
  return rows.find(
    (row) => row.database === database && row.users === users && row.phase === phase,
  );
}
