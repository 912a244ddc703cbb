import { type CanActivate, type ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { AppError } from '../../common/errors/app-error.js';
import type { AuthRequest } from '../../identity/auth-user.js';
import { RequireFreshToken } from '../../identity/require-fresh-token.decorator.js';

/** Global, after the access-token guard: `@RequireFreshToken()` routes need a password login. */
@Injectable()
export class FreshTokenGuard implements CanActivate {
  constructor(private readonly reflector: Reflector) {}

  canActivate(context: ExecutionContext): boolean {
    const required = this.reflector.getAllAndOverride(RequireFreshToken, [
      context.getHandler(),
      context.getClass(),
    ]);
    if (!required || context.switchToHttp().getRequest<AuthRequest>().user.fresh) return true;
    throw new AppError('fresh_token_required');
  }
}
