import { type MigrationInterface, type QueryRunner, Table } from 'typeorm';
import { timestampColumn } from './column-types.js';

/**
 * The change feed: revocations and changes to users, each written with the change itself, so
 * that every process sharing the database learns of them by reading it.
 */
export class CreateChangeFeed1767225600500 implements MigrationInterface {
  async up(db: QueryRunner): Promise<void> {
    await db.createTable(
      new Table({
        name: 'change_feed',
        columns: [
          {
            name: 'id',
            type: 'integer',
            isPrimary: true,
            isGenerated: true,
            generationStrategy: 'increment',
          },
          { name: 'change', type: 'text' },
          { name: 'createdAt', type: timestampColumn(db).type },
        ],
        indices: [{ name: 'IDX_change_feed_createdAt', columnNames: ['createdAt'] }],
      }),
    );
  }

  async down(db: QueryRunner): Promise<void> {
    await db.dropTable('change_feed');
  }
}
