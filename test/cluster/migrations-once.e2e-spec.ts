import { Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { MIGRATIONS } from '../../src/database/data-source.js';
import { ADMIN, api } from '../support/api.js';
import { createTemporaryDatabase, type TemporaryDatabase } from '../support/postgres.js';
import { createTestApp, type TestApp } from '../support/test-app.js';

describe('instances starting at the same moment on one empty PostgreSQL database', () => {
  let database: TemporaryDatabase;
  let apps: TestApp[] = [];
  const errors: unknown[] = [];

  beforeAll(async () => {
    database = await createTemporaryDatabase();
    // TypeORM's module retries a failed start, which would hide a migration run that collided.
    const logError = vi.spyOn(Logger.prototype, 'error').mockImplementation((message) => {
      errors.push(message);
    });
    try {
      apps = await Promise.all([1, 2, 3].map(() => createTestApp({ DATABASE_URL: database.url })));
    } finally {
      logError.mockRestore();
    }
  });

  afterAll(async () => {
    await Promise.all(apps.map((app) => app.close()));
    await database?.drop();
  });

  it('all start at the first attempt, with no error', () => {
    expect(errors).toEqual([]);
    expect(apps).toHaveLength(3);
  });

  it('runs each migration exactly once', async () => {
    const dataSource = new DataSource({ type: 'postgres', url: database.url });
    await dataSource.initialize();
    try {
      const rows = await dataSource.query<Array<{ name: string }>>(
        'SELECT name FROM migrations ORDER BY id',
      );
      expect(rows.map((row) => row.name)).toEqual(MIGRATIONS.map((migration) => migration.name));
      const admins = await dataSource.query<Array<{ count: string }>>(
        'SELECT COUNT(*) AS count FROM users WHERE "usernameKey" = $1',
        [ADMIN.username],
      );
      expect(Number(admins[0].count)).toBe(1);
    } finally {
      await dataSource.destroy();
    }
  });

  it('serves every instance from the one database', async () => {
    for (const app of apps) {
      const { response } = await api(app.server).login(ADMIN.username, ADMIN.password);
      expect(response.status).toBe(200);
    }
  });
});
