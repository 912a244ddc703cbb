import { Global, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { RedisChangeBroadcast } from '../../redis/redis-change-broadcast.js';
import { RedisConnection } from '../../redis/redis-connection.js';
import { ChangeBroadcast, NoChangeBroadcast } from './change-broadcast.js';
import { ChangeBus } from './change-bus.js';
import { ChangeFeedPoller } from './change-feed.poller.js';
import { ChangeFeedRepository } from './change-feed.repository.js';
import { ChangeRecord } from './change-record.entity.js';

/**
 * How processes sharing one deployment keep their in-memory state in step: the change feed in
 * the database, always, and a Redis channel besides when `REDIS_URL` is set.
 */
@Global()
@Module({
  imports: [TypeOrmModule.forFeature([ChangeRecord])],
  providers: [
    ChangeBus,
    ChangeFeedRepository,
    ChangeFeedPoller,
    {
      provide: ChangeBroadcast,
      inject: [RedisConnection],
      useFactory: (redis: RedisConnection) =>
        redis.enabled ? new RedisChangeBroadcast(redis) : new NoChangeBroadcast(),
    },
  ],
  exports: [ChangeBus],
})
export class ChangeFeedModule {}
