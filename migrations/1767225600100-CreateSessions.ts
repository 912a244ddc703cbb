import { type MigrationInterface, type QueryRunner, Table } from 'typeorm';
import { timestampColumn } from './column-types.js';

export class CreateSessions1767225600100 implements MigrationInterface {
  async up(db: QueryRunner): Promise<void> {
    const timestamp = timestampColumn(db);
    await db.createTable(
      new Table({
        name: 'sessions',
        columns: [
          { name: 'id', type: 'varchar', length: '36', isPrimary: true },
          { name: 'userId', type: 'varchar', length: '36' },
          { name: 'userAgent', type: 'varchar', length: '512', isNullable: true },
          { name: 'ip', type: 'varchar', length: '64', isNullable: true },
          { name: 'createdAt', type: timestamp.type, default: timestamp.nowDefault },
          { name: 'lastUsedAt', type: timestamp.type },
          { name: 'refreshExpiresAt', type: timestamp.type },
          { name: 'absoluteExpiresAt', type: timestamp.type },
          { name: 'revokedAt', type: timestamp.type, isNullable: true },
        ],
        foreignKeys: [
          {
            columnNames: ['userId'],
            referencedTableName: 'users',
            referencedColumnNames: ['id'],
            onDelete: 'CASCADE',
          },
        ],
        indices: [
          { name: 'IDX_sessions_userId', columnNames: ['userId'] },
          { name: 'IDX_sessions_revokedAt', columnNames: ['revokedAt'] },
        ],
      }),
    );
    await db.createTable(
      new Table({
        name: 'refresh_tokens',
        columns: [
          { name: 'tokenHash', type: 'varchar', length: '64', isPrimary: true },
          { name: 'sessionId', type: 'varchar', length: '36' },
          { name: 'createdAt', type: timestamp.type, default: timestamp.nowDefault },
          { name: 'rotatedAt', type: timestamp.type, isNullable: true },
        ],
        foreignKeys: [
          {
            columnNames: ['sessionId'],
            referencedTableName: 'sessions',
            referencedColumnNames: ['id'],
            onDelete: 'CASCADE',
          },
        ],
        indices: [{ name: 'IDX_refresh_tokens_sessionId', columnNames: ['sessionId'] }],
      }),
    );
  }

  async down(db: QueryRunner): Promise<void> {
    await db.dropTable('refresh_tokens');
    await db.dropTable('sessions');
  }
}
