import { type ConfigType, registerAs } from '@nestjs/config';
import { IsIn } from 'class-validator';
import { readNodeEnv } from './app.config.js';
import { EnvString } from './env-decorators.js';
import { validateEnv } from './validate-env.js';

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

class LogEnv {
  @EnvString()
  @IsIn(LOG_LEVELS, { message: `LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')}` })
  LOG_LEVEL: LogLevel = 'info';
}

export const logConfig = registerAs('log', () => {
  const env = validateEnv(LogEnv);
  return {
    level: env.LOG_LEVEL,
    /** Colourful lines for a person at a terminal; JSON, one object a line, everywhere else. */
    pretty: readNodeEnv() === 'development',
  };
});

export type LogConfig = ConfigType<typeof logConfig>;
