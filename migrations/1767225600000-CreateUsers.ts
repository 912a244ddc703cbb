import { type MigrationInterface, type QueryRunner, Table } from 'typeorm';
import { booleanDefault, timestampColumn } from './column-types.js';

export class CreateUsers1767225600000 implements MigrationInterface {
  async up(db: QueryRunner): Promise<void> {
    const timestamp = timestampColumn(db);
    await db.createTable(
      new Table({
        name: 'users',
        columns: [
          { name: 'id', type: 'varchar', length: '36', isPrimary: true },
          { name: 'username', type: 'varchar', length: '32' },
          { name: 'usernameKey', type: 'varchar', length: '32' },
          { name: 'email', type: 'varchar', length: '254', isNullable: true },
          { name: 'name', type: 'varchar', length: '100', isNullable: true },
          { name: 'roles', type: 'text' },
          { name: 'passwordHash', type: 'varchar', length: '60' },
          { name: 'disabled', type: 'boolean', default: booleanDefault(db, false) },
          { name: 'createdAt', type: timestamp.type, default: timestamp.nowDefault },
          { name: 'updatedAt', type: timestamp.type, default: timestamp.nowDefault },
        ],
        indices: [{ name: 'UQ_users_usernameKey', columnNames: ['usernameKey'], isUnique: true }],
      }),
    );
  }

  async down(db: QueryRunner): Promise<void> {
    await db.dropTable('users');
  }
}
