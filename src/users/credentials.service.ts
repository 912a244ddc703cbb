import { Injectable, type OnModuleInit } from '@nestjs/common';
import { AppError } from '../common/errors/app-error.js';
import { AuthEvents } from '../logging/auth-events.js';
import { UserDto } from './dto/user.dto.js';
import { PasswordHasher } from './hashing/password-hasher.js';
import type { User } from './user.entity.js';
import { UsersRepository } from './users.repository.js';
import { usernameKey } from './username.js';

/** Password checks: the only code that reads a stored password hash. */
@Injectable()
export class CredentialsService implements OnModuleInit {
  private dummyHash = '';

  constructor(
    private readonly users: UsersRepository,
    private readonly passwords: PasswordHasher,
    private readonly events: AuthEvents,
  ) {}

  async onModuleInit(): Promise<void> {
    this.dummyHash = await this.passwords.createDummyHash();
  }

  /** The user whose password this is; `account_disabled` only once the password was right. */
  async verify(username: string, password: string): Promise<UserDto> {
    const found = await this.users.findCredentials(usernameKey(username));
    const user = await this.withPassword(found, password);
    if (!user) {
      this.events.loginFailed('invalid_credentials', username, found?.id);
      throw new AppError('invalid_credentials');
    }
    if (user.disabled) {
      this.events.loginFailed('account_disabled', username, user.id);
      throw new AppError('account_disabled');
    }
    await this.rehashIfOutdated(user, password);
    return UserDto.from(user);
  }

  /** For a signed-in user confirming their password (change-password). */
  async confirm(userId: string, password: string): Promise<void> {
    if (!(await this.withPassword(await this.users.findCredentialsById(userId), password))) {
      this.events.passwordConfirmationFailed(userId);
      throw new AppError('invalid_credentials');
    }
  }

  /**
   * After a login with the right password: a hash made at another cost than today's is remade at
   * today's, unless the password changed meanwhile.
   */
  async rehashIfOutdated(user: User, password: string): Promise<void> {
    if (!this.passwords.isOutdated(user.passwordHash)) return;
    const passwordHash = await this.passwords.hash(password);
    await this.users.replacePasswordHash(user.id, user.passwordHash, passwordHash);
  }

  /** `user`, if `password` is theirs. */
  private async withPassword(user: User | null, password: string): Promise<User | undefined> {
    // An unknown username still costs one bcrypt check at the current cost, so timing does not
    // tell which exist.
    const matches = await this.passwords.verify(password, user?.passwordHash ?? this.dummyHash);
    return user && matches ? user : undefined;
  }
}
