import type { QueryRunner } from 'typeorm';

/** The timestamp column type and "now" default of the database the migration runs on. */
export function timestampColumn(db: QueryRunner) {
  const types = db.connection.driver.mappedDataTypes;
  return { type: String(types.createDate), nowDefault: String(types.createDateDefault) };
}
