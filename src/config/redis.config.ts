import { type ConfigType, registerAs } from '@nestjs/config';
import { IsOptional, Matches } from 'class-validator';
import { EnvString } from './env-decorators.js';
import { validateEnv } from './validate-env.js';

class RedisEnv {
  @EnvString()
  @IsOptional()
  @Matches(/^rediss?:\/\/./, { message: 'REDIS_URL must be a redis:// or rediss:// URL' })
  REDIS_URL?: string;

  /** Every key and channel name starts with it, so deployments (or test runs) can share a server. */
  @EnvString()
  @Matches(/^[\w:.-]{1,64}$/, {
    message: 'REDIS_KEY_PREFIX must be 1 to 64 letters, digits, or _ : . -',
  })
  REDIS_KEY_PREFIX = 'auth:';
}

export const redisConfig = registerAs('redis', () => {
  const env = validateEnv(RedisEnv);
  return { url: env.REDIS_URL, keyPrefix: env.REDIS_KEY_PREFIX };
});

export type RedisConfig = ConfigType<typeof redisConfig>;
