import { defineConfig } from 'vitest/config';

/**
 * Specs that run once, in the `e2e` project, and not again on PostgreSQL: they name their own
 * database or none at all, so a second run would prove nothing new.
 */
const RUN_ONCE = [
  // A SQLite file shared by the CLI process and the service, as an operator runs them.
  'test/cli.e2e-spec.ts',
  // Processes started with exactly the environment they test; their database is beside the point.
  'test/configuration.e2e-spec.ts',
  'test/shutdown.e2e-spec.ts',
  // What a browser, Swagger UI, a generated client or Postman sees of the API document.
  'test/page.e2e-spec.ts',
  'test/swagger-ui.e2e-spec.ts',
  'test/typed-client.e2e-spec.ts',
  'test/postman.e2e-spec.ts',
  'test/openapi.e2e-spec.ts',
  // SQLite files of their own, opened directly.
  'test/migrations.e2e-spec.ts',
  // Already on PostgreSQL databases (and Redis servers) of their own.
  'test/health.e2e-spec.ts',
  'test/cluster/**',
];

export default defineConfig({
  test: {
    globals: true,
    pool: 'forks',
    // Most specs wait on I/O (databases, spawned services, Chromium), not on the CPU: three spec
    // files at a time finish the suite in about 60 % of the time that one worker per spare core
    // (Vitest's default, a single worker on two cores) takes, with the same results.
    maxWorkers: 3,
    // A worker runs its spec files in one module graph instead of importing Nest, TypeORM and the
    // app again for each file (about a minute of the suite). Safe because no spec mocks a module
    // or keeps state in one: each builds its own app on its own database and puts the environment
    // and any spy back.
    isolate: false,
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
      {
        extends: true,
        test: {
          name: 'e2e-postgres',
          include: ['test/**/*.e2e-spec.ts'],
          exclude: RUN_ONCE,
          env: { TEST_DATABASE: 'postgres' },
          testTimeout: 30_000,
          hookTimeout: 60_000,
        },
      },
    ],
  },
});
