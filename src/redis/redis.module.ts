import { Global, Module } from '@nestjs/common';
import { type RedisConfig, redisConfig } from '../config/redis.config.js';
import { RedisConnection } from './redis-connection.js';

/** The connection to Redis (absent without `REDIS_URL`), for every module that shares state. */
@Global()
@Module({
  providers: [
    {
      provide: RedisConnection,
      inject: [redisConfig.KEY],
      useFactory: (config: RedisConfig) => RedisConnection.open(config),
    },
  ],
  exports: [RedisConnection],
})
export class RedisModule {}
