import type { QueryRunner } from 'typeorm';
import type { ColumnMetadata } from 'typeorm/metadata/ColumnMetadata.js';

/** The timestamp column type and "now" default of the database the migration runs on. */
export function timestampColumn(db: QueryRunner) {
  const types = db.connection.driver.mappedDataTypes;
  return { type: String(types.createDate), nowDefault: String(types.createDateDefault) };
}

/** A boolean default as this database spells it (`0` in SQLite, `false` in PostgreSQL). */
export function booleanDefault(db: QueryRunner, value: boolean): string | undefined {
  return db.connection.driver.normalizeDefault({ default: value } as ColumnMetadata);
}
