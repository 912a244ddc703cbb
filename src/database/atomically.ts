import type { EntityManager } from 'typeorm';

/**
 * Runs `work` as one transaction on PostgreSQL. On SQLite, TypeORM shares one connection among
 * all requests, so a transaction there would take in the statements of concurrent requests (and
 * a second one fails to start): `work` runs its statements back to back on the plain manager, and
 * must be written so that each statement holds on its own.
 */
export function atomically<T>(
  manager: EntityManager,
  work: (manager: EntityManager) => Promise<T>,
): Promise<T> {
  if (isPostgres(manager)) return manager.transaction(work);
  return work(manager);
}

export function isPostgres(manager: EntityManager): boolean {
  return manager.connection.options.type === 'postgres';
}
