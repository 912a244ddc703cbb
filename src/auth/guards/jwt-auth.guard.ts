import { type ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { AuthGuard } from '@nestjs/passport';
import { AppError } from '../../common/errors/app-error.js';
import type { AuthUser } from '../../identity/auth-user.js';
import { Public } from '../../identity/public.decorator.js';

/** Global: every route needs a valid access token unless it is marked `@Public()`. */
@Injectable()
export class JwtAuthGuard extends AuthGuard('jwt') {
  constructor(private readonly reflector: Reflector) {
    super();
  }

  override canActivate(context: ExecutionContext) {
    const isPublic = this.reflector.getAllAndOverride(Public, [
      context.getHandler(),
      context.getClass(),
    ]);
    return isPublic ? true : super.canActivate(context);
  }

  override handleRequest<TUser = AuthUser>(
    error: unknown,
    user: TUser | false,
    info: unknown,
  ): TUser {
    if (error) throw error instanceof AppError ? error : new AppError('token_invalid');
    if (user) return user;
    throw new AppError(failureCode(info));
  }
}

/** passport-jwt reports why a token failed through `info`: no token, or jsonwebtoken's error. */
function failureCode(info: unknown): 'token_missing' | 'token_expired' | 'token_invalid' {
  if (info instanceof Error) {
    if (info.name === 'TokenExpiredError') return 'token_expired';
    if (info.message === 'No auth token') return 'token_missing';
  }
  return 'token_invalid';
}
