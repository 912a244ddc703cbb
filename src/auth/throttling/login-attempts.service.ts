import { Inject, Injectable } from '@nestjs/common';
import { AppError } from '../../common/errors/app-error.js';
import { type ThrottleConfig, throttleConfig } from '../../config/throttle.config.js';
import { usernameKey } from '../../users/username.js';
import { FailedAttemptStore } from './failed-attempt-store.js';

/**
 * The brute-force limits on login: failed logins per client address and username, and per
 * address whatever the username. Only failures count, so a user who types the password right
 * is never locked out by their own successful logins.
 */
@Injectable()
export class LoginAttemptsService {
  constructor(
    private readonly store: FailedAttemptStore,
    @Inject(throttleConfig.KEY) private readonly config: ThrottleConfig,
  ) {}

  async assertAllowed(ip: string, username: string): Promise<void> {
    for (const [key, limit] of this.limits(ip, username)) {
      const { failures, retryAfterSeconds } = await this.store.count(
        key,
        this.config.windowSeconds,
      );
      if (failures >= limit)
        throw new AppError('too_many_requests', { retryAfter: retryAfterSeconds });
    }
  }

  async recordFailure(ip: string, username: string): Promise<void> {
    for (const [key] of this.limits(ip, username))
      await this.store.record(key, this.config.windowSeconds);
  }

  private limits(ip: string, username: string): Array<[string, number]> {
    return [
      [`login:${ip}:${usernameKey(username)}`, this.config.perUsernameLimit],
      [`login:${ip}`, this.config.perAddressLimit],
    ];
  }
}
