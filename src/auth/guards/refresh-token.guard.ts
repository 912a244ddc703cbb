import { type CanActivate, type ExecutionContext, Inject, Injectable } from '@nestjs/common';
import { AppError } from '../../common/errors/app-error.js';
import { type AuthConfig, authConfig } from '../../config/auth.config.js';
import { REFRESH_TOKEN_COOKIE } from '../cookies/cookie-names.js';
import { assertCsrfToken } from '../cookies/csrf.js';
import type { RefreshRequest } from '../decorators/presented-refresh-token.decorator.js';
import { RefreshDto } from '../dto/refresh.dto.js';
import { validateBody } from './validate-body.js';

/**
 * The door of the refresh: a well-formed body, and the refresh token it presents. It only takes
 * the token; whether it is worth anything is for the sessions to say.
 */
@Injectable()
export class RefreshTokenGuard implements CanActivate {
  constructor(@Inject(authConfig.KEY) private readonly config: AuthConfig) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    await validateBody(context, RefreshDto);
    const request = context.switchToHttp().getRequest<RefreshRequest>();
    request.presentedRefreshToken = this.presentedToken(request);
    return true;
  }

  /**
   * A string in the body needs no CSRF token: a cross-site form cannot send JSON. Anything else
   * falls back to the cookie, and whatever comes from the cookie passes the CSRF check.
   */
  private presentedToken(request: RefreshRequest): string {
    const fromBody = (request.body as RefreshDto).refresh_token;
    if (typeof fromBody === 'string') return fromBody;
    const fromCookie = this.config.cookies.enabled
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
