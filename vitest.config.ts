import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    globals: true,
    pool: 'forks',
    // CI reads the totals from the JSON report (see .ci/run).
    reporters: process.env.CI
      ? ['default', ['json', { outputFile: '.vitest-report.json' }]]
      : ['default'],
    env: {
      NODE_ENV: 'test',
      BCRYPT_COST: '4',
      DATABASE_URL: 'sqlite::memory:',
      JWT_SECRET: 'test-only-secret-c2b8f0e4a7d94e1b9f3a6d5c8e7b1a20',
      SEED_ADMIN_USERNAME: 'admin',
      SEED_ADMIN_PASSWORD: 'test-admin-password-9f2c',
      SEED_DEMO_USERS: 'false',
      // Internal errors only: warnings would repeat every failed login the tests make on purpose.
      LOG_LEVEL: 'error',
    },
    projects: [
      {
        extends: true,
        test: { name: 'unit', include: ['src/**/*.spec.ts'] },
      },
      {
        extends: true,
        test: {
          name: 'e2e',
          include: ['test/**/*.e2e-spec.ts'],
          testTimeout: 30_000,
          hookTimeout: 60_000,
        },
      },
    ],
  },
});
