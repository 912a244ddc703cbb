import { Injectable, type OnModuleInit } from '@nestjs/common';
import { AppError } from '../common/errors/app-error.js';
import { AuthEvents } from '../logging/auth-events.js';
import { UserDto } from '../users/dto/user.dto.js';
import { PasswordHasher } from '../users/hashing/password-hasher.js';
import { UsersService } from '../users/users.service.js';

@Injectable()
export class CredentialsService implements OnModuleInit {
  private dummyHash = '';

  constructor(
    private readonly users: UsersService,
    private readonly passwords: PasswordHasher,
    private readonly events: AuthEvents,
  ) {}

  async onModuleInit(): Promise<void> {
    this.dummyHash = await this.passwords.createDummyHash();
  }

  /** The user whose password this is; `account_disabled` only once the password was right. */
  async verify(username: string, password: string): Promise<UserDto> {
    const user = await this.users.findCredentials(username);
    // An unknown username still costs one bcrypt check at the current cost, so timing does not
    // tell which exist.
    const matches = await this.passwords.verify(password, user?.passwordHash ?? this.dummyHash);
    if (!user || !matches) {
      this.events.loginFailed('invalid_credentials', username, user?.id);
      throw new AppError('invalid_credentials');
    }
    if (user.disabled) {
      this.events.loginFailed('account_disabled', username, user.id);
      throw new AppError('account_disabled');
    }
    await this.users.rehashIfOutdated(user, password);
    return UserDto.from(user);
  }

  /** For a signed-in user confirming their password (change-password). */
  async confirm(userId: string, password: string): Promise<void> {
    const user = await this.users.findCredentialsById(userId);
    const matches = await this.passwords.verify(password, user?.passwordHash ?? this.dummyHash);
    if (!user || !matches) {
      this.events.passwordConfirmationFailed(userId);
      throw new AppError('invalid_credentials');
    }
  }
}
