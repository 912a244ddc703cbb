import { type ConfigType, registerAs } from '@nestjs/config';
import { IsInt, Max, Min } from 'class-validator';
import { availableParallelism } from 'node:os';
import { EnvInteger } from './env-decorators.js';
import { validateEnv } from './validate-env.js';

class HashingEnv {
  @EnvInteger()
  @IsInt({ message: 'HASH_WORKERS must be a whole number' })
  @Min(1, { message: 'HASH_WORKERS must be from 1 to 256' })
  @Max(256, { message: 'HASH_WORKERS must be from 1 to 256' })
  HASH_WORKERS = availableParallelism();

  @EnvInteger()
  @IsInt({ message: 'HASH_QUEUE_LIMIT must be a whole number' })
  @Min(1, { message: 'HASH_QUEUE_LIMIT must be from 1 to 100000' })
  @Max(100_000, { message: 'HASH_QUEUE_LIMIT must be from 1 to 100000' })
  HASH_QUEUE_LIMIT = 32;
}

/** The threads that run bcrypt, and how many hash jobs may wait for one. */
export const hashingConfig = registerAs('hashing', () => {
  const env = validateEnv(HashingEnv);
  return { threads: env.HASH_WORKERS, queueLimit: env.HASH_QUEUE_LIMIT };
});

export type HashingConfig = ConfigType<typeof hashingConfig>;
