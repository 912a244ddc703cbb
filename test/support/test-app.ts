import 'reflect-metadata';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { Test } from '@nestjs/testing';
import { Logger } from 'nestjs-pino';
import type { Server } from 'node:http';
import { AppModule } from '../../src/app.module.js';
import { configureApp, createHttpAdapter } from '../../src/app.setup.js';
import { Clock } from '../../src/common/clock/clock.js';
import { api, type Api } from './api.js';
import { TestClock } from './test-clock.js';
import { createTestDatabase } from './database.js';

export interface TestApp {
  app: NestFastifyApplication;
  server: Server;
  /** The service's clock: `clock.advance(seconds)` instead of waiting. */
  clock: TestClock;
  close(): Promise<void>;
}

/**
 * Starts the real application (every module, migrations, global guards, pipes and filters) on a
 * fresh database of its own (see `createTestDatabase`) unless `env` names one. `env` applies to
 * this app only: configuration is read while the app starts, and the environment is put back
 * after (see `withEnvironment`).
 */
export async function createTestApp(
  env: Record<string, string | undefined> = {},
  clock = new TestClock(),
): Promise<TestApp> {
  const database = await createTestDatabase(env);
  try {
    const app = await withEnvironment({ ...env, ...database.env }, async () => {
      const moduleRef = await Test.createTestingModule({ imports: [AppModule] })
        .overrideProvider(Clock)
        .useValue(clock)
        .compile();
      const created = moduleRef.createNestApplication<NestFastifyApplication>(createHttpAdapter(), {
        bodyParser: false,
        bufferLogs: true,
      });
      created.useLogger(created.get(Logger));
      await configureApp(created);
      await created.init();
      await created.getHttpAdapter().getInstance().ready();
      return created;
    });
    const close = async () => {
      await app.close();
      await database.drop();
    };
    return { app, server: app.getHttpServer() as Server, clock, close };
  } catch (error) {
    await database.drop();
    throw error;
  }
}

/** Apps starting now, and each variable's value from before the first of them set it. */
let starting = 0;
let before: Record<string, string | undefined> = {};

/**
 * Runs `start` with `values` in `process.env`. Apps may start at the same moment (several
 * instances on one database), but only with the same values; the environment is put back when
 * the last of them has started, so no value outlives them.
 */
async function withEnvironment<T>(
  values: Record<string, string | undefined>,
  start: () => Promise<T>,
): Promise<T> {
  for (const [key, value] of Object.entries(values)) {
    if (key in before) {
      if (process.env[key] !== value) {
        throw new Error(`Test apps starting at once must share their environment (${key})`);
      }
    } else {
      before[key] = process.env[key];
    }
  }
  setEnv(values);
  starting += 1;
  try {
    return await start();
  } finally {
    starting -= 1;
    if (starting === 0) {
      setEnv(before);
      before = {};
    }
  }
}

function setEnv(values: Record<string, string | undefined>): void {
  for (const [key, value] of Object.entries(values)) {
    if (value === undefined) delete process.env[key];
    else process.env[key] = value;
  }
}

/**
 * One app per `describe`: started in `beforeAll` with `env`, closed in `afterAll`. The returned
 * `testApp`, `client` and `clock` may be used anywhere in the block; they reach the app once it
 * runs.
 */
export function useTestApp(env: Record<string, string | undefined> = {}): {
  testApp: TestApp;
  client: Api;
  clock: TestClock;
} {
  let started: TestApp | undefined;
  const current = (): TestApp => {
    if (!started) throw new Error('the test app is not running: use it inside tests and hooks');
    return started;
  };
  const clock = new TestClock();
  beforeAll(async () => {
    started = await createTestApp(env, clock);
  });
  afterAll(() => started?.close());
  const testApp: TestApp = {
    get app() {
      return current().app;
    },
    get server() {
      return current().server;
    },
    get clock() {
      return current().clock;
    },
    close: () => current().close(),
  };
  return { testApp, client: api(() => current().server), clock };
}
