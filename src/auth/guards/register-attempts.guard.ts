import { type CanActivate, type ExecutionContext, Inject, Injectable } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import type { RateLimiterAbstract } from 'rate-limiter-flexible';
import { type ThrottleConfig, throttleConfig } from '../../config/throttle.config.js';
import { AuthEvents } from '../../logging/auth-events.js';
import { usernameKey } from '../../users/username.js';
import { AttemptLimiterStore } from '../throttling/attempt-limiter.store.js';
import { consumeAttempt } from '../throttling/consume-attempt.js';

const REGISTER_LIMIT = 'register-address-username';

/**
 * Register attempts, all of them, per client address and requested username: counted where the
 * login attempts are (shared by every instance with Redis), before anything else is done.
 */
@Injectable()
export class RegisterAttemptsGuard implements CanActivate {
  private readonly perUsername: RateLimiterAbstract;

  constructor(
    store: AttemptLimiterStore,
    @Inject(throttleConfig.KEY) config: ThrottleConfig,
    private readonly events: AuthEvents,
  ) {
    this.perUsername = store.limiter({
      name: REGISTER_LIMIT,
      points: config.perUsernameLimit,
      windowSeconds: config.windowSeconds,
    });
  }

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = context.switchToHttp().getRequest<FastifyRequest>();
    const body = request.body as { username?: unknown } | undefined;
    const username = typeof body?.username === 'string' ? body.username : '';
    await consumeAttempt(this.perUsername, `${request.ip}:${usernameKey(username)}`, () =>
      this.events.throttled(REGISTER_LIMIT, username),
    );
    return true;
  }
}
