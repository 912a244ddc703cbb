import { type CanActivate, type ExecutionContext, Inject, Injectable } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { type AuthConfig, authConfig } from '../../config/auth.config.js';
import { tookAccessTokenFromCookie } from '../access-token.extractor.js';
import { assertCsrfToken, isUnsafeMethod } from '../cookies/csrf.js';

/**
 * Global, after the access-token guard: in cookie mode, an unsafe request authenticated by the
 * `access_token` cookie must carry the CSRF token. A Bearer header is never sent by a browser on
 * its own, so it needs none. (Refresh checks the same for its cookie in `RefreshTokenGuard`.)
 */
@Injectable()
export class CsrfGuard implements CanActivate {
  constructor(@Inject(authConfig.KEY) private readonly config: AuthConfig) {}

  canActivate(context: ExecutionContext): boolean {
    if (!this.config.cookies.enabled) return true;
    const request = context.switchToHttp().getRequest<FastifyRequest & { user?: unknown }>();
    if (request.user && isUnsafeMethod(request) && tookAccessTokenFromCookie(request)) {
      assertCsrfToken(request);
    }
    return true;
  }
}
