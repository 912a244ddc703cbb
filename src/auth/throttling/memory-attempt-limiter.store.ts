import { Injectable } from '@nestjs/common';
import { type RateLimiterAbstract, RateLimiterMemory } from 'rate-limiter-flexible';
import { type AttemptLimit, AttemptLimiterStore } from './attempt-limiter.store.js';

/** Counters in this process's memory: each instance counts its own attempts. */
@Injectable()
export class MemoryAttemptLimiterStore extends AttemptLimiterStore {
  limiter({ name, points, windowSeconds }: AttemptLimit): RateLimiterAbstract {
    return new RateLimiterMemory({ keyPrefix: name, points, duration: windowSeconds });
  }
}
