import { type CanActivate, type ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { AppError } from '../../common/errors/app-error.js';
import type { AuthRequest } from '../../identity/auth-user.js';
import { Roles } from '../../identity/roles.decorator.js';

/** Global, after the access-token guard: `@Roles('admin')` routes need that role. */
@Injectable()
export class RolesGuard implements CanActivate {
  constructor(private readonly reflector: Reflector) {}

  canActivate(context: ExecutionContext): boolean {
    const required = this.reflector.getAllAndOverride(Roles, [
      context.getHandler(),
      context.getClass(),
    ]);
    if (!required) return true;
    if (context.switchToHttp().getRequest<AuthRequest>().user.roles.includes(required)) return true;
    throw new AppError('forbidden');
  }
}
