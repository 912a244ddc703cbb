import {
  type RateLimiterAbstract,
  RateLimiterMemory,
  RateLimiterRedis,
} from 'rate-limiter-flexible';
import type { RedisConnection } from '../../redis/redis-connection.js';
import { type AttemptLimit, AttemptLimiterStore } from './attempt-limiter.store.js';

/**
 * Counters in Redis, shared by every instance: each attempt counts and checks in one Redis
 * script. While Redis is away each instance counts in its own memory instead (the insurance
 * limiter), so the limits still hold per instance.
 */
export class RedisAttemptLimiterStore extends AttemptLimiterStore {
  constructor(private readonly redis: RedisConnection) {
    super();
  }

  limiter({ name, points, windowSeconds }: AttemptLimit): RateLimiterAbstract {
    return new RateLimiterRedis({
      storeClient: this.redis.command,
      keyPrefix: `${this.redis.keyPrefix}${name}`,
      points,
      duration: windowSeconds,
      // A command that cannot be sent now fails at once (no offline queue): then the insurance
      // limiter answers, rather than a request waiting for Redis.
      rejectIfRedisNotReady: true,
      insuranceLimiter: new RateLimiterMemory({ keyPrefix: name, points, duration: windowSeconds }),
    });
  }
}
