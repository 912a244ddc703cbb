import { Inject, Injectable, type OnApplicationShutdown } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import { type HashingConfig, hashingConfig } from '../../config/hashing.config.js';
import { type PasswordConfig, passwordConfig } from '../../config/password.config.js';
import { bcryptCost, preHashPassword } from '../password.js';
import { BcryptPool, type BcryptWork } from './bcrypt-pool.js';

/**
 * Hashes and checks passwords at `BCRYPT_COST`, on the bcrypt threads. Every path that stores or
 * checks a password goes through here, the seed migration included (`withPasswordHasher`).
 */
@Injectable()
export class PasswordHasher implements OnApplicationShutdown {
  private readonly pool: BcryptPool;
  private readonly cost: number;

  constructor(
    @Inject(passwordConfig.KEY) passwords: PasswordConfig,
    @Inject(hashingConfig.KEY) hashing: HashingConfig,
  ) {
    this.cost = passwords.bcryptCost;
    this.pool = new BcryptPool(hashing);
  }

  hash(password: string): Promise<string> {
    return this.pool.hash(preHashPassword(password), this.cost);
  }

  /**
   * A wrong password costs at least a check at the current cost, also against a hash made at a
   * lower one, so that it takes no less time than the check of an unknown username.
   */
  verify(password: string, hash: string): Promise<boolean> {
    return this.pool.compare(preHashPassword(password), hash, this.cost);
  }

  /** Made at another cost than the current one: to be remade the next time the password is known. */
  isOutdated(hash: string): boolean {
    return bcryptCost(hash) !== this.cost;
  }

  /** A hash of nothing anyone knows, to check against when a username does not exist. */
  createDummyHash(): Promise<string> {
    return this.hash(randomBytes(32).toString('base64'));
  }

  work(): BcryptWork {
    return this.pool.work();
  }

  close(): Promise<void> {
    return this.pool.close();
  }

  onApplicationShutdown(): Promise<void> {
    return this.close();
  }
}

/** For code that runs outside the application (the seed migration): a hasher, closed after use. */
export async function withPasswordHasher<T>(
  use: (hasher: PasswordHasher) => Promise<T>,
): Promise<T> {
  const hasher = new PasswordHasher(passwordConfig(), hashingConfig());
  try {
    return await use(hasher);
  } finally {
    await hasher.close();
  }
}
