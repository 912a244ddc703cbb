import 'reflect-metadata';
import bcrypt from 'bcryptjs';
import { createHash } from 'node:crypto';
import { parseArgs } from 'node:util';
import { DataSource, type EntityTarget, type ObjectLiteral } from 'typeorm';
import { databaseConfig } from '../src/config/database.config.js';
import { passwordConfig } from '../src/config/password.config.js';
import { dataSourceOptions } from '../src/database/data-source.js';
import { RefreshToken } from '../src/sessions/refresh-token.entity.js';
import { Session } from '../src/sessions/session.entity.js';
import { preHashPassword } from '../src/users/password.js';
import { User } from '../src/users/user.entity.js';
import { bulkUsername } from './bulk-users.js';

/**
 * Fills the database of `DATABASE_URL` with many users (`bulk_0000000`, `bulk_0000001`, …, role
 * user, all with the password in `SEED_BULK_PASSWORD`, hashed once at `--cost`, by default
 * `BCRYPT_COST`) and sessions spread over them (one refresh token each; one in ten revoked, a
 * tenth of those within the last minute, so start-up has revocations to restore). Migrations run
 * first. For measuring, never for a real deployment.
 *
 *   SEED_BULK_PASSWORD=… npm run seed:bulk -- --users 1000000 --sessions 100000 [--cost 4]
 *
 * Ids follow from the index, so a second run inserts nothing twice.
 */
const ROWS_PER_STATEMENT = 1000;
const STATEMENTS_PER_TRANSACTION = 20;
const MAX_USERS = 10_000_000; // seven digits in bulkUsername()

const { values } = parseArgs({
  options: {
    users: { type: 'string', default: '1000' },
    sessions: { type: 'string', default: '0' },
    cost: { type: 'string' },
  },
});
const userCount = Number(values.users);
const sessionCount = Number(values.sessions);
const cost = values.cost === undefined ? passwordConfig().bcryptCost : Number(values.cost);
const password = process.env.SEED_BULK_PASSWORD;
if (!Number.isInteger(userCount) || userCount < 1 || userCount > MAX_USERS) {
  throw new Error(`--users must be a whole number from 1 to ${MAX_USERS}`);
}
if (!Number.isInteger(sessionCount) || sessionCount < 0 || sessionCount > userCount * 10) {
  throw new Error('--sessions must be from 0 to ten times --users');
}
if (!Number.isInteger(cost) || cost < 4 || cost > 15) {
  throw new Error('--cost must be a whole number from 4 to 15');
}
if (!password) throw new Error('SEED_BULK_PASSWORD must be set');

/** A version-4-shaped UUID that follows from the index. */
function bulkId(kind: 'user' | 'session', index: number): string {
  const tail = index.toString(16).padStart(12, '0');
  return `${kind === 'user' ? '00000000' : '11111111'}-0000-4000-8000-${tail}`;
}

async function insertInBatches<T extends ObjectLiteral>(
  dataSource: DataSource,
  entity: EntityTarget<T>,
  count: number,
  row: (index: number) => T,
): Promise<void> {
  const perTransaction = ROWS_PER_STATEMENT * STATEMENTS_PER_TRANSACTION;
  for (let start = 0; start < count; start += perTransaction) {
    await dataSource.transaction(async (manager) => {
      const end = Math.min(start + perTransaction, count);
      for (let first = start; first < end; first += ROWS_PER_STATEMENT) {
        const rows: T[] = [];
        for (let index = first; index < Math.min(first + ROWS_PER_STATEMENT, end); index++) {
          rows.push(row(index));
        }
        await manager
          .createQueryBuilder()
          .insert()
          .into(entity)
          .values(rows)
          .orIgnore()
          .updateEntity(false) // no read-back of defaults
          .execute();
      }
    });
  }
}

const started = Date.now();
const dataSource = new DataSource({ ...dataSourceOptions(databaseConfig()), logging: ['error'] });
await dataSource.initialize();
try {
  await dataSource.runMigrations({ transaction: 'each' });
  // One hash, shared by every user and made in this process: a one-off script needs no thread pool.
  const passwordHash = await bcrypt.hash(preHashPassword(password), cost);
  await insertInBatches(dataSource, User, userCount, (index) => {
    const username = bulkUsername(index);
    return {
      id: bulkId('user', index),
      username,
      usernameKey: username,
      email: null,
      name: null,
      roles: ['user'],
      passwordHash,
      disabled: false,
    } as User;
  });
  const now = Date.now();
  const day = 24 * 60 * 60 * 1000;
  await insertInBatches(dataSource, Session, sessionCount, (index) => {
    const revoked = index % 10 === 0;
    const revokedAt = index % 100 === 0 ? new Date(now - 60_000) : new Date(now - day);
    return {
      id: bulkId('session', index),
      userId: bulkId('user', index % userCount),
      userAgent: 'seed-bulk',
      ip: '127.0.0.1',
      lastUsedAt: new Date(now - day),
      refreshExpiresAt: new Date(now + 13 * day),
      absoluteExpiresAt: new Date(now + 29 * day),
      revokedAt: revoked ? revokedAt : null,
    } as Session;
  });
  await insertInBatches(dataSource, RefreshToken, sessionCount, (index) => {
    return {
      tokenHash: createHash('sha256').update(`seed-bulk-session-${index}`).digest('hex'),
      sessionId: bulkId('session', index),
      rotatedAt: null,
    } as RefreshToken;
  });
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  console.log(`seeded ${userCount} users and ${sessionCount} sessions in ${seconds} s`);
} finally {
  await dataSource.destroy();
}
