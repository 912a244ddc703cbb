import { type CanActivate, type ExecutionContext, Inject, Injectable } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import type { RateLimiterAbstract } from 'rate-limiter-flexible';
import { type ThrottleConfig, throttleConfig } from '../../config/throttle.config.js';
import { usernameKey } from '../../users/username.js';
import { AttemptLimiterStore } from '../throttling/attempt-limiter.store.js';
import { consumeAttempt } from '../throttling/consume-attempt.js';

/**
 * Register attempts, all of them, per client address and requested username: counted where the
 * login attempts are (shared by every instance with Redis), before anything else is done.
 */
@Injectable()
export class RegisterAttemptsGuard implements CanActivate {
  private readonly perUsername: RateLimiterAbstract;

  constructor(store: AttemptLimiterStore, @Inject(throttleConfig.KEY) config: ThrottleConfig) {
    this.perUsername = store.limiter({
      name: 'register-address-username',
      points: config.perUsernameLimit,
      windowSeconds: config.windowSeconds,
    });
  }

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = context.switchToHttp().getRequest<FastifyRequest>();
    const username = (request.body as { username?: unknown } | undefined)?.username;
    const key = `${request.ip}:${typeof username === 'string' ? usernameKey(username) : ''}`;
    await consumeAttempt(this.perUsername, key);
    return true;
  }
}
