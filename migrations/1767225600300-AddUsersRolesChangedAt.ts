import { type MigrationInterface, type QueryRunner, TableColumn } from 'typeorm';
import { timestampColumn } from './column-types.js';

/** When a user's roles last changed: access tokens issued before then are refused. */
export class AddUsersRolesChangedAt1767225600300 implements MigrationInterface {
  async up(db: QueryRunner): Promise<void> {
    await db.addColumn(
      'users',
      new TableColumn({
        name: 'rolesChangedAt',
        type: timestampColumn(db).type,
        isNullable: true,
      }),
    );
  }

  async down(db: QueryRunner): Promise<void> {
    await db.dropColumn('users', 'rolesChangedAt');
  }
}
