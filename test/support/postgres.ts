import { randomBytes } from 'node:crypto';
import { DataSource } from 'typeorm';

/**
 * An administrator's connection to the local PostgreSQL server the suite uses (trust
 * authentication); each test database is created and dropped through it.
 */
export const POSTGRES_ADMIN_URL =
  process.env.TEST_DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/postgres';

export interface TemporaryDatabase {
  url: string;
  /** Refuses new connections and ends the open ones: the database is gone for its clients. */
  makeUnreachable(): Promise<void>;
  makeReachable(): Promise<void>;
  drop(): Promise<void>;
}

/** Runs one statement as the server's administrator, over a connection of its own. */
async function onServer(statement: string, parameters: unknown[] = []): Promise<void> {
  const server = new DataSource({ type: 'postgres', url: POSTGRES_ADMIN_URL });
  await server.initialize();
  try {
    await server.query(statement, parameters);
  } finally {
    await server.destroy();
  }
}

/** The URL of database `name` on the administrator's server. */
function databaseUrl(name: string): string {
  const url = new URL(POSTGRES_ADMIN_URL);
  url.pathname = `/${name}`;
  return url.toString();
}

/** Whether the server answers at all, for specs that skip (saying why) when it does not. */
export async function postgresReachable(): Promise<boolean> {
  try {
    await onServer('SELECT 1');
    return true;
  } catch {
    return false;
  }
}

/** A new, empty database of its own on the local server; `drop()` removes it. */
export async function createTemporaryDatabase(): Promise<TemporaryDatabase> {
  const name = `auth_test_${randomBytes(6).toString('hex')}`;
  await onServer(`CREATE DATABASE ${name}`);
  const allowConnections = (allowed: boolean) =>
    onServer(`ALTER DATABASE ${name} ALLOW_CONNECTIONS ${allowed}`);
  return {
    url: databaseUrl(name),
    async makeUnreachable() {
      await allowConnections(false);
      await onServer(
        'SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()',
        [name],
      );
    },
    makeReachable: () => allowConnections(true),
    drop: () => onServer(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`),
  };
}
