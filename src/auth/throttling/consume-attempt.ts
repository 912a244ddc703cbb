import { type RateLimiterAbstract, RateLimiterRes } from 'rate-limiter-flexible';
import { AppError } from '../../common/errors/app-error.js';

/**
 * Counts one attempt under `key`. Over the limit: `refused` is called (to report it), then
 * `too_many_requests` with Retry-After.
 */
export async function consumeAttempt(
  limiter: RateLimiterAbstract,
  key: string,
  refused: () => void,
): Promise<void> {
  try {
    await limiter.consume(key);
  } catch (rejection) {
    if (!(rejection instanceof RateLimiterRes)) throw rejection;
    refused();
    throw new AppError('too_many_requests', {
      retryAfter: Math.max(1, Math.ceil(rejection.msBeforeNext / 1000)),
    });
  }
}
