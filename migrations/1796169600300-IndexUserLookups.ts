import { type MigrationInterface, type QueryRunner, TableIndex } from 'typeorm';

/**
 * Keeps the admin list, the username prefix search and the last-admin rule flat in the number of
 * users: a partial index holds only the enabled admins (the last-admin rule reads it, not every
 * user), and on PostgreSQL the username key compares byte by byte, so a prefix is a range of the
 * unique index whatever the database's default collation.
 */
const ENABLED_ADMINS_INDEX = new TableIndex({
  name: 'IDX_users_enabled_admins',
  columnNames: ['id'],
  where: `"disabled" = false AND "roles" LIKE '%admin%'`,
});

export class IndexUserLookups1796169600300 implements MigrationInterface {
  async up(db: QueryRunner): Promise<void> {
    await db.createIndex('users', ENABLED_ADMINS_INDEX);
    if (isPostgres(db)) await setUsernameKeyCollation(db, '"C"');
  }

  async down(db: QueryRunner): Promise<void> {
    if (isPostgres(db)) await setUsernameKeyCollation(db, 'pg_catalog."default"');
    await db.dropIndex('users', ENABLED_ADMINS_INDEX);
  }
}

function isPostgres(db: QueryRunner): boolean {
  return db.connection.driver.options.type === 'postgres';
}

/**
 * PostgreSQL only (SQLite compares bytes already). Written out because the schema API's
 * collation change drops the column's length from the type.
 */
async function setUsernameKeyCollation(db: QueryRunner, collation: string): Promise<void> {
  await db.query(
    `ALTER TABLE "users" ALTER COLUMN "usernameKey" TYPE varchar(32) COLLATE ${collation}`,
  );
}
