import {
  type CallHandler,
  type ExecutionContext,
  Inject,
  Injectable,
  type NestInterceptor,
} from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { CookieSerializeOptions } from '@fastify/cookie';
import type { FastifyReply } from 'fastify';
import { randomBytes } from 'node:crypto';
import { type Observable, tap } from 'rxjs';
import { type AuthConfig, authConfig } from '../../config/auth.config.js';
import type { TokenResponseDto } from '../dto/token-response.dto.js';
import { AuthCookies } from './auth-cookies.decorator.js';
import { ACCESS_TOKEN_COOKIE, CSRF_COOKIE, REFRESH_TOKEN_COOKIE } from './cookie-names.js';

const REFRESH_COOKIE_PATH = '/api/auth';

/** Cookie mode (`AUTH_COOKIES=true`): token responses also set the cookies, logout clears them. */
@Injectable()
export class AuthCookiesInterceptor implements NestInterceptor {
  constructor(
    private readonly reflector: Reflector,
    @Inject(authConfig.KEY) private readonly config: AuthConfig,
  ) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const action = this.reflector.get(AuthCookies, context.getHandler());
    if (!this.config.cookies.enabled || !action) return next.handle();
    const reply = context.switchToHttp().getResponse<FastifyReply>();
    return next.handle().pipe(
      tap((result) => {
        if (action === 'set') this.set(reply, result as TokenResponseDto);
        else this.clear(reply);
      }),
    );
  }

  private set(reply: FastifyReply, tokens: TokenResponseDto): void {
    const options = this.options();
    reply.setCookie(ACCESS_TOKEN_COOKIE, tokens.access_token, {
      ...options,
      httpOnly: true,
      path: '/',
      maxAge: tokens.expires_in,
    });
    reply.setCookie(REFRESH_TOKEN_COOKIE, tokens.refresh_token, {
      ...options,
      httpOnly: true,
      path: REFRESH_COOKIE_PATH,
      maxAge: tokens.refresh_expires_in,
    });
    reply.setCookie(CSRF_COOKIE, randomBytes(32).toString('base64url'), {
      ...options,
      httpOnly: false,
      path: '/',
      maxAge: tokens.refresh_expires_in,
    });
  }

  private clear(reply: FastifyReply): void {
    const options = this.options();
    reply.clearCookie(ACCESS_TOKEN_COOKIE, { ...options, httpOnly: true, path: '/' });
    reply.clearCookie(REFRESH_TOKEN_COOKIE, {
      ...options,
      httpOnly: true,
      path: REFRESH_COOKIE_PATH,
    });
    reply.clearCookie(CSRF_COOKIE, { ...options, path: '/' });
  }

  private options(): CookieSerializeOptions {
    const { secure, sameSite } = this.config.cookies;
    return { secure, sameSite };
  }
}
