import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { DataSource, type DataSourceOptions } from 'typeorm';
import { CreateUsers1767225600000 } from '../../migrations/1767225600000-CreateUsers.js';
import { CreateSessions1767225600100 } from '../../migrations/1767225600100-CreateSessions.js';
import { SeedUsers1767225600200 } from '../../migrations/1767225600200-SeedUsers.js';
import { AddUsersRolesChangedAt1767225600300 } from '../../migrations/1767225600300-AddUsersRolesChangedAt.js';
import { AddRefreshTokensSealedSuccessor1767225600400 } from '../../migrations/1767225600400-AddRefreshTokensSealedSuccessor.js';
import { CreateChangeFeed1767225600500 } from '../../migrations/1767225600500-CreateChangeFeed.js';
import { IndexUserLookups1796169600300 } from '../../migrations/1796169600300-IndexUserLookups.js';
import { type DatabaseTarget, databaseConfig } from '../config/database.config.js';
import { loadEnvFile } from '../config/env-file.js';
import { RefreshToken } from '../sessions/refresh-token.entity.js';
import { Session } from '../sessions/session.entity.js';
import { User } from '../users/user.entity.js';
import { ChangeRecord } from './change-feed/change-record.entity.js';
import { QueryLogger } from './query-logger.js';

export const ENTITIES = [User, Session, RefreshToken, ChangeRecord];
export const MIGRATIONS = [
  CreateUsers1767225600000,
  CreateSessions1767225600100,
  SeedUsers1767225600200,
  AddUsersRolesChangedAt1767225600300,
  AddRefreshTokensSealedSuccessor1767225600400,
  CreateChangeFeed1767225600500,
  IndexUserLookups1796169600300,
];

/** The one description of the database, shared by the application, the TypeORM CLI and tests. */
export function dataSourceOptions(target: DatabaseTarget): DataSourceOptions {
  const options = { ...connectionOptions(target), logging: ['error', 'warn'] } as DataSourceOptions;
  Object.assign(options, { logger: new QueryLogger(() => options.logging) });
  return options;
}

function connectionOptions(target: DatabaseTarget): DataSourceOptions {
  const common = {
    entities: ENTITIES,
    migrations: MIGRATIONS,
    migrationsTransactionMode: 'each',
    synchronize: false,
  } as const;
  if (target.type === 'postgres') return { ...common, type: 'postgres', url: target.url };
  if (target.database !== ':memory:') mkdirSync(dirname(target.database), { recursive: true });
  return {
    ...common,
    type: 'sqlite',
    database: target.database,
    enableWAL: target.database !== ':memory:',
    busyTimeout: 5000,
  };
}

loadEnvFile();

/** Used by the TypeORM CLI (`npm run migration:*`). */
export default new DataSource(dataSourceOptions(databaseConfig()));
