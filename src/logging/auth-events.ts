import { Injectable, Logger } from '@nestjs/common';
import type { Role } from '../identity/role.js';

export type LoginFailureReason = 'invalid_credentials' | 'account_disabled';

/** As much of a typed username as identifies an account: usernames are at most 32 characters. */
const USERNAME_LOG_LENGTH = 32;

/**
 * The security events of the service, one method each, so that their log format is defined here
 * only. Each is one line with an `event` name; lines written during a request also carry its
 * `requestId`, the client `ip` and the caller's `userId` (see `logger-options.ts`). `userId` names
 * the account a line is about when there is no caller (a login, a refresh); `targetUserId` the
 * account an admin changed. Nothing secret is passed in: ids, names and reasons only.
 */
@Injectable()
export class AuthEvents {
  private readonly logger = new Logger('AuthEvents');

  loginSucceeded(userId: string, sessionId: string): void {
    this.info('login_succeeded', 'login succeeded', { userId, sessionId });
  }

  /** `username` as typed, cut to the longest a username can be; the account's id when it exists. */
  loginFailed(reason: LoginFailureReason, username: string, userId?: string): void {
    this.warn('login_failed', 'login failed', {
      reason,
      username: username.slice(0, USERNAME_LOG_LENGTH),
      userId,
    });
  }

  /** A wrong `currentPassword` on change-password: a password guess with an access token. */
  passwordConfirmationFailed(userId: string): void {
    this.warn('password_confirmation_failed', 'wrong current password', { userId });
  }

  /** A 429: `limit` names the limit that refused the attempt. */
  throttled(limit: string, username: string): void {
    this.warn('throttled', 'attempt refused by a rate limit', {
      limit,
      username: username.slice(0, USERNAME_LOG_LENGTH) || undefined,
    });
  }

  refreshTokenReused(userId: string, sessionId: string): void {
    this.warn('refresh_token_reused', 'a rotated refresh token came back: session revoked', {
      userId,
      sessionId,
    });
  }

  loggedOut(sessionId: string): void {
    this.info('logout', 'logged out', { sessionId });
  }

  loggedOutEverywhere(): void {
    this.info('logout_all', 'logged out of every session');
  }

  sessionRevoked(sessionId: string): void {
    this.info('session_revoked', 'session ended by its user', { sessionId });
  }

  passwordChanged(): void {
    this.info('password_changed', 'password changed');
  }

  userCreated(targetUserId: string, roles: Role[]): void {
    this.info('user_created', 'user created', { targetUserId, roles });
  }

  /** `changes` names the fields an admin changed, never their values (a password among them). */
  userUpdated(targetUserId: string, changes: string[]): void {
    this.info('user_updated', 'user changed by an admin', { targetUserId, changes });
  }

  rolesChanged(targetUserId: string, roles: Role[]): void {
    this.info('roles_changed', 'roles changed', { targetUserId, roles });
  }

  userDeleted(targetUserId: string): void {
    this.info('user_deleted', 'user deleted', { targetUserId });
  }

  private info(event: string, msg: string, fields: Record<string, unknown> = {}): void {
    this.logger.log({ event, ...fields, msg });
  }

  private warn(event: string, msg: string, fields: Record<string, unknown>): void {
    this.logger.warn({ event, ...fields, msg });
  }
}
