import type { RateLimiterAbstract } from 'rate-limiter-flexible';

export interface AttemptLimit {
  /** Keeps this limit's counters apart from every other's. */
  name: string;
  points: number;
  windowSeconds: number;
}

/**
 * Where attempt counters live. A limiter's `consume` counts and checks in one atomic step
 * (`RateLimiterMemory` within the process; `RateLimiterRedis`, with a `RateLimiterMemory` as its
 * `insuranceLimiter`, in one Redis script across instances), so however many attempts arrive at
 * once, no more than `points` per window get through.
 */
export abstract class AttemptLimiterStore {
  abstract limiter(limit: AttemptLimit): RateLimiterAbstract;
}
