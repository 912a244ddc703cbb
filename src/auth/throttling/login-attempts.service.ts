import { Inject, Injectable } from '@nestjs/common';
import type { RateLimiterAbstract } from 'rate-limiter-flexible';
import { AppError } from '../../common/errors/app-error.js';
import { type ThrottleConfig, throttleConfig } from '../../config/throttle.config.js';
import { AuthEvents } from '../../logging/auth-events.js';
import { usernameKey } from '../../users/username.js';
import { AttemptLimiterStore } from './attempt-limiter.store.js';
import { consumeAttempt } from './consume-attempt.js';

/** The two limits, as the store and the log name them. */
const PER_USERNAME = 'login-address-username';
const PER_ADDRESS = 'login-address';

interface AttemptKeys {
  perUsername: string;
  perAddress: string;
}

/**
 * The brute-force limits on password checks (login, change-password): failed attempts per client
 * address and username, and per address whatever the username. Only failures count, so a user
 * who types the password right is never locked out by their own successful logins.
 */
@Injectable()
export class LoginAttemptsService {
  private readonly perUsername: RateLimiterAbstract;
  private readonly perAddress: RateLimiterAbstract;

  constructor(
    store: AttemptLimiterStore,
    @Inject(throttleConfig.KEY) config: ThrottleConfig,
    private readonly events: AuthEvents,
  ) {
    const windowSeconds = config.windowSeconds;
    this.perUsername = store.limiter({
      name: PER_USERNAME,
      points: config.perUsernameLimit,
      windowSeconds,
    });
    this.perAddress = store.limiter({
      name: PER_ADDRESS,
      points: config.perAddressLimit,
      windowSeconds,
    });
  }

  /**
   * Runs one password check within the limits. The attempt is counted before the password is
   * tried, in one atomic step per limit, so that attempts arriving at once cannot all slip under
   * the limit; it is given back unless the password turned out wrong.
   */
  async attempt<T>(ip: string, username: string, checkPassword: () => Promise<T>): Promise<T> {
    const keys = { perUsername: `${ip}:${usernameKey(username)}`, perAddress: ip };
    await this.reserve(keys, username);
    let wrongPassword = false;
    try {
      return await checkPassword();
    } catch (error) {
      wrongPassword = error instanceof AppError && error.code === 'invalid_credentials';
      throw error;
    } finally {
      if (!wrongPassword) await this.release(keys);
    }
  }

  /** A refused attempt counts in the limit that refused it, and nowhere else. */
  private async reserve(keys: AttemptKeys, username: string): Promise<void> {
    await consumeAttempt(this.perUsername, keys.perUsername, () =>
      this.events.throttled(PER_USERNAME, username),
    );
    try {
      await consumeAttempt(this.perAddress, keys.perAddress, () =>
        this.events.throttled(PER_ADDRESS, username),
      );
    } catch (error) {
      await this.perUsername.reward(keys.perUsername);
      throw error;
    }
  }

  private async release(keys: AttemptKeys): Promise<void> {
    await this.perUsername.reward(keys.perUsername);
    await this.perAddress.reward(keys.perAddress);
  }
}
