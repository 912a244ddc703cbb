import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { AppError } from '../common/errors/app-error.js';
import { type PasswordConfig, passwordConfig } from '../config/password.config.js';
import { UserDto } from '../users/dto/user.dto.js';
import { createDummyHash, verifyPassword } from '../users/password.js';
import { UsersService } from '../users/users.service.js';

@Injectable()
export class CredentialsService implements OnModuleInit {
  private dummyHash = '';

  constructor(
    private readonly users: UsersService,
    @Inject(passwordConfig.KEY) private readonly config: PasswordConfig,
  ) {}

  async onModuleInit(): Promise<void> {
    this.dummyHash = await createDummyHash(this.config.bcryptCost);
  }

  /** The user whose password this is; `account_disabled` only once the password was right. */
  async verify(username: string, password: string): Promise<UserDto> {
    const user = await this.users.findCredentials(username);
    // An unknown username still costs one bcrypt compare, so timing does not tell which exist.
    const matches = await verifyPassword(password, user?.passwordHash ?? this.dummyHash);
    if (!user || !matches) throw new AppError('invalid_credentials');
    if (user.disabled) throw new AppError('account_disabled');
    return UserDto.from(user);
  }

  /** For a signed-in user confirming their password (change-password). */
  async confirm(userId: string, password: string): Promise<void> {
    const user = await this.users.findCredentialsById(userId);
    const matches = await verifyPassword(password, user?.passwordHash ?? this.dummyHash);
    if (!user || !matches) throw new AppError('invalid_credentials');
  }
}
