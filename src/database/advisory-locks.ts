/**
 * PostgreSQL advisory lock keys: one per thing that processes sharing a database must do one at
 * a time. Any fixed numbers do, as long as they differ.
 */
export const ADVISORY_LOCKS = {
  /** Running the migrations: instances starting at once on an empty database run them once. */
  migrations: 4_711_001,
  /** Changes that could leave no enabled admin: the last-admin rule reads other users' rows. */
  adminRule: 4_711_002,
} as const;
