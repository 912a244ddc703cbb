import { randomBytes } from 'node:crypto';
import type { DatabaseKind } from './databases.js';

/**
 * What one benchmark run does, from the command line and the environment:
 * `--quick` (10,000 users, 2 s phases, one round, no warm-up), BENCH_USERS (the large size),
 * BENCH_DURATION (seconds per phase), BENCH_ROUNDS, BENCH_DATABASES (`sqlite,postgres`),
 * BENCH_POSTGRES_URL (a maintenance database the benchmark creates and drops its own from).
 */
export const quick = process.argv.includes('--quick');
export const DURATION = Number(process.env.BENCH_DURATION ?? (quick ? 2 : 5));
export const WARM_UP_SECONDS = quick ? 0 : 1;
export const ROUNDS = Number(process.env.BENCH_ROUNDS ?? (quick ? 1 : 3));
export const SMALL = 1000;
export const LARGE = Number(process.env.BENCH_USERS ?? (quick ? 10_000 : 1_000_000));
export const DATABASES: DatabaseKind[] = (process.env.BENCH_DATABASES ?? 'sqlite,postgres')
  .split(',')
  .map((kind) => kind.trim() as DatabaseKind);

/** The cost of the burst's logins (the admin's hash, and the server's BCRYPT_COST). */
export const BURST_COST = 12;
/** The cost of the bulk users' one hash, for the login phase at both sizes. */
export const BULK_COST = 4;
/**
 * Eight cost-12 logins at once finish together after several seconds (bcryptjs interleaves
 * them), so the burst's phases run longer than the others: BENCH_BURST_SECONDS.
 */
export const BURST_SECONDS = Number(process.env.BENCH_BURST_SECONDS ?? 20);

export const ADMIN_USERNAME = 'bench';
export const adminPassword = `bench-admin-${randomBytes(9).toString('base64url')}`;
export const bulkPassword = `bench-bulk-${randomBytes(9).toString('base64url')}`;
