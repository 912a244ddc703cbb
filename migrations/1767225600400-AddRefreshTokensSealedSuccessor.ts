import { type MigrationInterface, type QueryRunner, TableColumn } from 'typeorm';

/**
 * A rotated refresh token keeps its successor, sealed under a key only that token yields, to
 * answer a repeated refresh within the reuse interval with the same successor.
 */
export class AddRefreshTokensSealedSuccessor1767225600400 implements MigrationInterface {
  async up(db: QueryRunner): Promise<void> {
    await db.addColumn(
      'refresh_tokens',
      new TableColumn({
        name: 'sealedSuccessor',
        type: 'varchar',
        length: '128',
        isNullable: true,
      }),
    );
  }

  async down(db: QueryRunner): Promise<void> {
    await db.dropColumn('refresh_tokens', 'sealedSuccessor');
  }
}
