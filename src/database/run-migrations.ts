import type { DataSource } from 'typeorm';
import { ADVISORY_LOCKS } from './advisory-locks.js';

/**
 * Runs the pending migrations. TypeORM's own run takes no lock, so on PostgreSQL instances that
 * start at the same moment would each run them; a session-level advisory lock makes them take
 * turns, and the later ones find nothing left to run. (SQLite locks the file for each write.)
 */
export async function runMigrations(dataSource: DataSource): Promise<void> {
  if (dataSource.options.type !== 'postgres') {
    await dataSource.runMigrations({ transaction: dataSource.options.migrationsTransactionMode });
    return;
  }
  const lockHolder = dataSource.createQueryRunner();
  await lockHolder.connect();
  try {
    await lockHolder.query('SELECT pg_advisory_lock($1)', [ADVISORY_LOCKS.migrations]);
    await dataSource.runMigrations({ transaction: dataSource.options.migrationsTransactionMode });
  } finally {
    await lockHolder.query('SELECT pg_advisory_unlock($1)', [ADVISORY_LOCKS.migrations]);
    await lockHolder.release();
  }
}
