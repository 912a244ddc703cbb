import { createTemporaryDatabase } from './postgres.js';

/**
 * The database a test app runs on when its spec names none. The `e2e` project runs every spec on
 * a fresh in-memory SQLite database; the `e2e-postgres` project (`TEST_DATABASE=postgres`) runs
 * them again, each app on a PostgreSQL database of its own, created for it and dropped after it,
 * so that no run sees another's rows.
 */
export interface TestDatabase {
  env: Record<string, string>;
  drop(): Promise<void>;
}

export function testDatabaseKind(): 'sqlite' | 'postgres' {
  return process.env.TEST_DATABASE === 'postgres' ? 'postgres' : 'sqlite';
}

export async function createTestDatabase(
  env: Record<string, string | undefined>,
): Promise<TestDatabase> {
  if ('DATABASE_URL' in env || testDatabaseKind() === 'sqlite') {
    return { env: {}, drop: () => Promise.resolve() };
  }
  const database = await createTemporaryDatabase();
  return { env: { DATABASE_URL: database.url }, drop: () => database.drop() };
}
