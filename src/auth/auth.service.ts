import { Inject, Injectable } from '@nestjs/common';
import { AppError } from '../common/errors/app-error.js';
import { type AuthConfig, authConfig } from '../config/auth.config.js';
import type { AuthUser } from '../identity/auth-user.js';
import type { ClientInfo } from '../identity/client-info.decorator.js';
import { type IssuedRefreshToken, SessionsService } from '../sessions/sessions.service.js';
import { CredentialsService } from '../users/credentials.service.js';
import { AuthEvents } from '../logging/auth-events.js';
import type { UserDto } from '../users/dto/user.dto.js';
import { UsersService } from '../users/users.service.js';
import { AccessTokenService } from './access-token.service.js';
import type { ChangePasswordDto } from './dto/change-password.dto.js';
import type { RegisterDto } from './dto/register.dto.js';
import type { TokenResponseDto } from './dto/token-response.dto.js';
import { LoginAttemptsService } from './throttling/login-attempts.service.js';

@Injectable()
export class AuthService {
  constructor(
    private readonly users: UsersService,
    private readonly sessions: SessionsService,
    private readonly credentials: CredentialsService,
    private readonly accessTokens: AccessTokenService,
    private readonly attempts: LoginAttemptsService,
    @Inject(authConfig.KEY) private readonly config: AuthConfig,
    private readonly events: AuthEvents,
  ) {}

  async register(account: RegisterDto, client: ClientInfo): Promise<TokenResponseDto> {
    if (!this.config.registrationEnabled) {
      throw new AppError('forbidden', { detail: 'Registration is closed' });
    }
    const user = await this.users.create({ ...account, roles: ['user'] });
    return this.tokenResponse(user, await this.sessions.start(user.id, client), true);
  }

  /** `user` has already proven its password (the local strategy). */
  async login(user: UserDto, client: ClientInfo): Promise<TokenResponseDto> {
    const issued = await this.sessions.start(user.id, client);
    this.events.loginSucceeded(user.id, issued.sessionId);
    return this.tokenResponse(user, issued, true);
  }

  async refresh(presentedRefreshToken: string): Promise<TokenResponseDto> {
    const refreshed = await this.sessions.refresh(presentedRefreshToken, (userId) =>
      this.admitRefreshingUser(userId),
    );
    return this.tokenResponse(refreshed.holder, refreshed, false);
  }

  async logout(caller: AuthUser): Promise<void> {
    await this.sessions.revokeSessions([caller.sessionId]);
    this.events.loggedOut(caller.sessionId);
  }

  async logoutAll(caller: AuthUser): Promise<void> {
    await this.sessions.revokeAllForUser(caller.id);
    this.events.loggedOutEverywhere();
  }

  /**
   * The caller's session stays; every other session of theirs ends. A wrong `currentPassword` is
   * a failed login of the caller, under the same limits, so a stolen access token is no way
   * around them.
   */
  async changePassword(
    caller: AuthUser,
    change: ChangePasswordDto,
    client: ClientInfo,
  ): Promise<void> {
    const { username } = await this.users.getById(caller.id);
    await this.attempts.attempt(client.ip, username, () =>
      this.credentials.confirm(caller.id, change.currentPassword),
    );
    await this.users.setPassword(caller.id, change.newPassword, caller.sessionId);
    this.events.passwordChanged();
  }

  /** A refresh token's user: gone is `token_revoked`, disabled is `account_disabled`. */
  private async admitRefreshingUser(userId: string): Promise<UserDto> {
    const user = await this.users.findProfile(userId);
    if (!user) throw new AppError('token_revoked');
    if (user.disabled) throw new AppError('account_disabled');
    return user;
  }

  private tokenResponse(
    user: UserDto,
    issued: IssuedRefreshToken,
    fresh: boolean,
  ): TokenResponseDto {
    return {
      access_token: this.accessTokens.mint({
        id: user.id,
        sessionId: issued.sessionId,
        roles: user.roles,
        fresh,
      }),
      token_type: 'Bearer',
      expires_in: this.accessTokens.ttlSeconds,
      refresh_token: issued.refreshToken,
      refresh_expires_in: issued.refreshExpiresIn,
      user,
    };
  }
}
