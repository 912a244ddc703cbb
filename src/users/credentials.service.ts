import { Injectable, type OnModuleInit } from '@nestjs/common';
import { AppError } from '../common/errors/app-error.js';
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
  ) {}

  async onModuleInit(): Promise<void> {
    this.dummyHash = await this.passwords.createDummyHash();
  }

  /** The user whose password this is; `account_disabled` only once the password was right. */
  async verify(username: string, password: string): Promise<UserDto> {
    const user = await this.withPassword(
      await this.users.findCredentials(usernameKey(username)),
      password,
    );
    if (user.disabled) throw new AppError('account_disabled');
    await this.rehashIfOutdated(user, password);
    return UserDto.from(user);
  }

  /** For a signed-in user confirming their password (change-password). */
  async confirm(userId: string, password: string): Promise<void> {
    await this.withPassword(await this.users.findCredentialsById(userId), password);
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

  /** `user`, if `password` is theirs; `invalid_credentials` otherwise, and for no user. */
  private async withPassword(user: User | null, password: string): Promise<User> {
    // An unknown username still costs one bcrypt check at the current cost, so timing does not
    // tell which exist.
    const matches = await this.passwords.verify(password, user?.passwordHash ?? this.dummyHash);
    if (!user || !matches) throw new AppError('invalid_credentials');
    return user;
  }
}
