import { rmSync } from 'node:fs';
import { availableParallelism, cpus } from 'node:os';
import { type AppUnderTest, seed, startApp } from './app-under-test.js';
import { bcryptRate } from './bcrypt-rate.js';
import { createDatabase, type DatabaseKind, postgresReachable, tempDir } from './databases.js';
import { loadClientName } from './load-client.js';
import { hotPaths, loginBurst, measure, meWithoutRequestLog, scalePhases } from './phases.js';
import { printReport, RAW_PHASE, type Results, type Row } from './report.js';
import { serverUsage, startServer, stopServer } from './server-process.js';
import {
  BULK_COST,
  BURST_COST,
  DATABASES,
  DURATION,
  LARGE,
  quick,
  ROUNDS,
  SMALL,
} from './settings.js';

/**
 * The service's speed on loopback, each server in a process of its own (production mode), loaded
 * by wrk (autocannon when wrk is missing), on SQLite and PostgreSQL: a raw node:http baseline,
 * the hot paths, the admin routes at 1,000 and at BENCH_USERS users (both sizes running side by
 * side, their phases alternating for BENCH_ROUNDS rounds so the machine's noise falls on both),
 * and a login burst with `/me` measured beside it. Options: see settings.ts.
 */
const log = (line: string) => process.stderr.write(`${line}\n`);

/** The round whose small-size req/s is the median, so each table row is one real measurement. */
function medianRound(rounds: Row[][]): Row[] {
  const sorted = [...rounds].sort(
    (a, b) => a[0].result.requestsPerSecond - b[0].result.requestsPerSecond,
  );
  return sorted[Math.floor(sorted.length / 2)];
}

async function compareSizes(kind: DatabaseKind, apps: AppUnderTest[], results: Results) {
  const phaseLists = apps.map(scalePhases);
  for (const [index, { phase }] of phaseLists[0].entries()) {
    const rounds: Row[][] = [];
    for (let round = 0; round < ROUNDS; round++) {
      const pair: Row[] = [];
      for (const [appIndex, app] of apps.entries()) {
        const context = { database: kind, users: app.users };
        pair.push(await measure(app.server, context, phase, phaseLists[appIndex][index].spec));
      }
      rounds.push(pair);
    }
    results.rows.push(...medianRound(rounds));
    results.scaleRatios.push({
      database: kind,
      phase,
      ratios: rounds.map(([atSmall, atLarge]) => {
        return atSmall.result.requestsPerSecond / atLarge.result.requestsPerSecond;
      }),
      cpuRatios: rounds.map(([atSmall, atLarge]) => {
        return (atLarge.cpuUsPerRequest ?? NaN) / (atSmall.cpuUsPerRequest ?? NaN);
      }),
    });
  }
}

async function runDatabase(kind: DatabaseKind, dir: string, results: Results): Promise<void> {
  const sizes = [SMALL, LARGE];
  const databases = [await createDatabase(kind, dir), await createDatabase(kind, dir)];
  const raw = await startServer('raw-server.js', { PATH: process.env.PATH }, dir);
  const apps: AppUnderTest[] = [];
  try {
    log(`${kind}:`);
    for (const [index, users] of sizes.entries()) await seed(databases[index].url, users, dir);
    for (const [index, users] of sizes.entries()) {
      apps.push(await startApp(databases[index].url, users, dir, BULK_COST));
    }
    results.rows.push(
      await measure(raw, { database: kind, users: 0 }, RAW_PHASE, {
        url: `http://127.0.0.1:${raw.port}/`,
        connections: 50,
      }),
    );
    results.rows.push(...(await hotPaths(apps[0], { database: kind, users: SMALL })));
    const unlogged = await startApp(databases[0].url, SMALL, dir, BULK_COST, 'warn');
    try {
      results.rows.push(await meWithoutRequestLog(unlogged, { database: kind, users: SMALL }));
    } finally {
      await stopServer(unlogged.server);
    }
    await compareSizes(kind, apps, results);
    for (const app of apps) {
      const { rssBytes } = await serverUsage(app.server);
      results.scale.push({
        database: kind,
        users: app.users,
        startMs: app.server.startMs,
        rssBytes,
      });
    }
    // The burst measures what the hashing threads get of the cores: nothing else stays up.
    for (const app of apps) await stopServer(app.server);
    await stopServer(raw);
    const burstApp = await startApp(databases[0].url, SMALL, dir, BURST_COST);
    apps.push(burstApp);
    results.rows.push(...(await loginBurst(burstApp, { database: kind, users: SMALL })));
  } finally {
    for (const app of apps) await stopServer(app.server);
    await stopServer(raw);
    for (const database of databases) await database.drop();
  }
}

const started = performance.now();
const dir = tempDir();
try {
  const kinds: DatabaseKind[] = [];
  for (const kind of DATABASES) {
    if (kind === 'postgres' && !(await postgresReachable())) {
      log('PostgreSQL is not reachable (BENCH_POSTGRES_URL): its runs are left out');
    } else kinds.push(kind);
  }
  const cores = availableParallelism();
  log(
    `load client: ${loadClientName}; measuring bcryptjs at cost ${BURST_COST} on 1 and ${cores} threads`,
  );
  const bcryptSeconds = quick ? 2 : 5;
  const bcryptPerSecond = await bcryptRate(BURST_COST, 1, bcryptSeconds);
  const bcryptAllCoresPerSecond = await bcryptRate(BURST_COST, cores, bcryptSeconds);
  const results: Results = { rows: [], scale: [], scaleRatios: [] };
  for (const kind of kinds) await runDatabase(kind, dir, results);
  printReport({
    ...results,
    date: new Date().toISOString().slice(0, 10),
    client: loadClientName,
    machine: `${cores} cores (${cpus()[0]?.model ?? 'unknown CPU'}), Node ${process.version}`,
    durationSeconds: DURATION,
    quick,
    bcryptPerSecond,
    bcryptAllCoresPerSecond,
    small: SMALL,
    large: LARGE,
    rounds: ROUNDS,
    totalSeconds: (performance.now() - started) / 1000,
  });
} finally {
  rmSync(dir, { recursive: true, force: true });
}
