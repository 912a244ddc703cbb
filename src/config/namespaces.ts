import type { ConfigModuleOptions } from '@nestjs/config';
import { appConfig } from './app.config.js';
import { authConfig } from './auth.config.js';
import { databaseConfig } from './database.config.js';
import { hashingConfig } from './hashing.config.js';
import { httpConfig } from './http.config.js';
import { jwtConfig } from './jwt.config.js';
import { logConfig } from './log.config.js';
import { passwordConfig } from './password.config.js';
import { redisConfig } from './redis.config.js';
import { seedUsersFromEnv } from './seed.config.js';
import { throttleConfig } from './throttle.config.js';

/** Every configuration namespace; each validates its own variables when it is read. */
export const CONFIG_NAMESPACES = [
  appConfig,
  authConfig,
  databaseConfig,
  hashingConfig,
  httpConfig,
  jwtConfig,
  logConfig,
  passwordConfig,
  redisConfig,
  throttleConfig,
];

/**
 * Reads them all once, and the seeded accounts, so that a bad value stops the process before
 * anything starts.
 */
export function validateConfiguration(): void {
  for (const namespace of CONFIG_NAMESPACES) namespace();
  seedUsersFromEnv();
}

/** The one `ConfigModule` set-up of every entry point (the service and the operator CLI). */
export const CONFIG_MODULE_OPTIONS: ConfigModuleOptions = {
  isGlobal: true,
  cache: true,
  // The entry points load `.env` into the environment; each namespace validates its own.
  ignoreEnvFile: true,
  load: CONFIG_NAMESPACES,
};
