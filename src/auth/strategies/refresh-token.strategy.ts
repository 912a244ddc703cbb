import { Inject, Injectable } from '@nestjs/common';
import { PassportStrategy } from '@nestjs/passport';
import type { FastifyRequest } from 'fastify';
import { Strategy } from 'passport-custom';
import { AppError } from '../../common/errors/app-error.js';
import { type AuthConfig, authConfig } from '../../config/auth.config.js';
import { SessionsService } from '../../sessions/sessions.service.js';
import { UsersService } from '../../users/users.service.js';
import { REFRESH_TOKEN_COOKIE } from '../cookies/cookie-names.js';
import { assertCsrfToken } from '../cookies/csrf.js';
import type { RefreshPrincipal } from '../refresh-principal.js';

/**
 * Refresh tokens are opaque random strings, not JWTs: every refresh has to reach the database
 * anyway (to rotate and detect reuse), so a self-contained token would buy nothing, and a token
 * that is not a JWT can never be mistaken for an access token or the other way round.
 */
@Injectable()
export class RefreshTokenStrategy extends PassportStrategy(Strategy, 'refresh-token') {
  constructor(
    private readonly sessions: SessionsService,
    private readonly users: UsersService,
    @Inject(authConfig.KEY) private readonly auth: AuthConfig,
  ) {
    super();
  }

  async validate(request: FastifyRequest): Promise<RefreshPrincipal> {
    const presented = this.presentedToken(request);
    const grant = await this.sessions.findGrant(presented);
    const user = await this.users.findProfile(grant.session.userId);
    if (!user) throw new AppError('token_revoked');
    if (user.disabled) throw new AppError('account_disabled');
    return { grant, user };
  }

  /**
   * A string in the body needs no CSRF token: a cross-site form cannot send JSON. Anything else
   * falls back to the cookie, and whatever comes from the cookie passes the CSRF check.
   */
  private presentedToken(request: FastifyRequest): string {
    const fromBody = (request.body as { refresh_token?: unknown } | undefined)?.refresh_token;
    if (typeof fromBody === 'string') return fromBody;
    const fromCookie = this.auth.cookies.enabled
      ? request.cookies?.[REFRESH_TOKEN_COOKIE]
      : undefined;
    if (fromCookie === undefined) {
      throw new AppError('validation_failed', {
        errors: [{ field: 'refresh_token', message: 'refresh_token is required (body or cookie)' }],
      });
    }
    assertCsrfToken(request);
    return fromCookie;
  }
}
