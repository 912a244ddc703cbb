import { randomUUID } from 'node:crypto';
import type { MigrationInterface, QueryRunner } from 'typeorm';
import { seedUsersFromEnv } from '../src/config/seed.config.js';
import { withPasswordHasher } from '../src/users/hashing/password-hasher.js';
import { usernameKey } from '../src/users/username.js';

/** The columns this migration knows; columns added by later migrations keep their defaults. */
const SEEDED_COLUMNS = [
  'id',
  'username',
  'usernameKey',
  'name',
  'roles',
  'passwordHash',
  'disabled',
  'createdAt',
  'updatedAt',
];

/** Creates the admin (and, in development, the demo users) from the environment. */
export class SeedUsers1767225600200 implements MigrationInterface {
  async up(db: QueryRunner): Promise<void> {
    const users = seedUsersFromEnv();
    if (users.length === 0) return;
    const rows = await withPasswordHasher(async (passwords) => {
      const hashed = [];
      for (const { username, password, roles, name } of users) {
        hashed.push({
          id: randomUUID(),
          username,
          usernameKey: usernameKey(username),
          name,
          roles: roles.join(','),
          passwordHash: await passwords.hash(password),
          disabled: false,
        });
      }
      return hashed;
    });
    for (const row of rows) {
      await db.manager
        .createQueryBuilder()
        .insert()
        .into('users', SEEDED_COLUMNS)
        .values(row)
        .orIgnore()
        .execute();
    }
  }

  async down(db: QueryRunner): Promise<void> {
    const keys = seedUsersFromEnv().map((user) => usernameKey(user.username));
    if (keys.length === 0) return;
    await db.manager
      .createQueryBuilder()
      .delete()
      .from('users')
      .where('"usernameKey" IN (:...keys)', { keys })
      .execute();
  }
}
