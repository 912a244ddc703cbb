import type { LoadResult } from './load-client.js';

export interface Row {
  database: string;
  /** Users in the database; 0 for the raw server. */
  users: number;
  phase: string;
  connections: number;
  result: LoadResult;
  /** Absent where two loads ran at once (the burst) or nothing completed. */
  cpuUsPerRequest?: number;
}

export interface ScaleRun {
  database: string;
  users: number;
  startMs: number;
  rssBytes: number;
}

export interface ScaleRatio {
  database: string;
  phase: string;
  /** Small-size req/s ÷ large-size req/s, one per round: how much longer a request takes. */
  ratios: number[];
  /** Large-size ÷ small-size server CPU per request, one per round (SQLite's work included). */
  cpuRatios: number[];
}

export interface Results {
  rows: Row[];
  scale: ScaleRun[];
  scaleRatios: ScaleRatio[];
}

export interface Report extends Results {
  date: string;
  client: string;
  machine: string;
  durationSeconds: number;
  quick: boolean;
  /** bcryptjs compares/s at the burst's cost on one thread, and on one thread per core at once. */
  bcryptPerSecond: number;
  bcryptAllCoresPerSecond: number;
  small: number;
  large: number;
  rounds: number;
  totalSeconds: number;
}

export const RAW_PHASE = 'raw node:http';
export const ME_PHASE = 'GET /api/users/me';
export const ME_UNLOGGED_PHASE = 'GET /api/users/me (request log off)';
export const BURST_LOGIN = 'POST /api/auth/login (cost 12)';
export const BURST_ME = 'GET /api/users/me (10)';

const fixed = (value: number, digits = 2) => value.toFixed(digits);
const whole = (value: number) => Math.round(value).toLocaleString('en-US');
const median = (values: number[]) =>
  [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

/** One Markdown table of every phase, then the targets as ratios. */
export function printReport(report: Report): void {
  const { rows } = report;
  const out: string[] = [
    `${report.date}: ${report.client} on loopback, ${report.machine}, ` +
      `${report.durationSeconds} s per phase, ${report.rounds} round(s) per size` +
      `${report.quick ? ' (quick mode)' : ''}; the whole run took ` +
      `${fixed(report.totalSeconds / 60, 1)} min`,
    '',
    '| database | users | phase | conn. | req/s | p50 ms | p99 ms | server CPU µs/req | × raw req/s | × raw CPU | failed |',
    '|---|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|',
  ];
  for (const row of rows) out.push(tableRow(row, find(rows, row.database, 0, RAW_PHASE)));
  out.push(
    '',
    `bcryptjs at cost 12, nothing else running: ${fixed(report.bcryptPerSecond)} compares/s on ` +
      `one thread, ${fixed(report.bcryptAllCoresPerSecond)} on one thread per core at once ` +
      `(${fixed(report.bcryptAllCoresPerSecond / report.bcryptPerSecond)}×, this machine's ceiling)`,
  );
  for (const database of new Set(rows.map((row) => row.database))) {
    out.push('', ...targets(report, database), ...scaleTable(report, database));
  }
  console.log(out.join('\n'));
}

function tableRow(row: Row, raw: Row | undefined): string {
  const cpu = row.cpuUsPerRequest;
  const rawCpu = raw?.cpuUsPerRequest;
  const cells = [
    row.database,
    row.users ? whole(row.users) : '—',
    row.phase,
    String(row.connections),
    whole(row.result.requestsPerSecond),
    fixed(row.result.p50Ms),
    fixed(row.result.p99Ms),
    cpu === undefined ? '—' : whole(cpu),
    raw ? fixed(row.result.requestsPerSecond / raw.result.requestsPerSecond) : '—',
    cpu && rawCpu ? fixed(rawCpu / cpu) : '—',
    String(row.result.failed),
  ];
  return `| ${cells.join(' | ')} |`;
}

function targets(report: Report, database: string): string[] {
  const at = (users: number, phase: string) => find(report.rows, database, users, phase);
  const raw = at(0, RAW_PHASE);
  const me = at(report.small, ME_PHASE);
  const loginsAlone = at(report.small, `${BURST_LOGIN} alone`);
  const meAlone = at(report.small, `${BURST_ME} alone`);
  const meDuring = at(report.small, `${BURST_ME} during the burst`);
  const lines = [`**${database}**`, ''];
  if (raw && me?.cpuUsPerRequest && raw.cpuUsPerRequest) {
    const byThroughput = me.result.requestsPerSecond / raw.result.requestsPerSecond;
    const byCpu = raw.cpuUsPerRequest / me.cpuUsPerRequest;
    lines.push(
      `- /me ÷ raw node:http: ${fixed(byThroughput)} by req/s, ${fixed(byCpu)} by server CPU ` +
        `per request (target ≥ 0.25)`,
    );
  }
  const unlogged = at(report.small, ME_UNLOGGED_PHASE);
  if (raw?.cpuUsPerRequest && me?.cpuUsPerRequest && unlogged?.cpuUsPerRequest) {
    const logLine = me.cpuUsPerRequest - unlogged.cpuUsPerRequest;
    const byCpu = raw.cpuUsPerRequest / unlogged.cpuUsPerRequest;
    lines.push(
      `- the request log line: /me ${whole(me.cpuUsPerRequest)} µs of server CPU with it, ` +
        `${whole(unlogged.cpuUsPerRequest)} µs at LOG_LEVEL=warn (${fixed(logLine, 1)} µs); ` +
        `/me ÷ raw without it: ${fixed(byCpu)} by server CPU`,
    );
  }
  if (loginsAlone) {
    const logins = loginsAlone.result.requestsPerSecond;
    lines.push(
      `- logins/s ÷ single-thread bcryptjs compares/s: ${fixed(logins / report.bcryptPerSecond)} ` +
        `(target ≥ 1.8); ÷ the all-cores ceiling: ${fixed(logins / report.bcryptAllCoresPerSecond)}`,
    );
  }
  if (meAlone && meDuring && meAlone.result.requestsPerSecond > 0) {
    const ratio = meDuring.result.requestsPerSecond / meAlone.result.requestsPerSecond;
    lines.push(
      `- /me during the burst: ${fixed(ratio, 3)}× its req/s alone (target ≥ 0.5), ` +
        `p99 ${fixed(meDuring.result.p99Ms, 1)} ms against ${fixed(meAlone.result.p99Ms, 1)} ms ` +
        `alone (target ≤ 50 ms)`,
    );
  }
  return lines;
}

function scaleTable(report: Report, database: string): string[] {
  const { small, large } = report;
  const runs = report.scale.filter((run) => run.database === database);
  const smallRun = runs.find((run) => run.users === small);
  const largeRun = runs.find((run) => run.users === large);
  if (!smallRun || !largeRun) return [];
  const lines = [
    '',
    `| ${database} | ${whole(small)} users | ${whole(large)} users | ` +
      `${whole(large)} ÷ ${whole(small)} by req/s, median (min–max), target ≤ 1.2 | by server CPU/req |`,
    '|---|---:|---:|---:|---:|',
    `| start-up (spawn to listening) | ${whole(smallRun.startMs)} ms | ` +
      `${whole(largeRun.startMs)} ms | ${fixed(largeRun.startMs / smallRun.startMs)} (time) | |`,
  ];
  const ofDatabase = report.scaleRatios.filter((ratio) => ratio.database === database);
  for (const { phase, ratios, cpuRatios } of ofDatabase) {
    const atSmall = find(report.rows, database, small, phase);
    const atLarge = find(report.rows, database, large, phase);
    if (!atSmall || !atLarge) continue;
    const spread = `${fixed(Math.min(...ratios))}–${fixed(Math.max(...ratios))}`;
    lines.push(
      `| ${phase} | ${describe(atSmall.result)} | ${describe(atLarge.result)} | ` +
        `${fixed(median(ratios))} (${spread}) | ${fixed(median(cpuRatios))} |`,
    );
  }
  const mib = (bytes: number) => `${whole(bytes / 2 ** 20)} MiB`;
  lines.push(
    `| RSS after the run | ${mib(smallRun.rssBytes)} | ${mib(largeRun.rssBytes)} | ` +
      `${fixed(largeRun.rssBytes / smallRun.rssBytes)} | |`,
  );
  return lines;
}

function describe(result: LoadResult): string {
  return `${whole(result.requestsPerSecond)} req/s, p99 ${fixed(result.p99Ms, 1)} ms`;
}

function find(rows: Row[], database: string, users: number, phase: string): Row | undefined {
  return rows.find(
    (row) => row.database === database && row.users === users && row.phase === phase,
  );
}
