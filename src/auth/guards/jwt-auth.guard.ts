import { type CanActivate, type ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { FastifyRequest } from 'fastify';
import type { AuthUser } from '../../identity/auth-user.js';
import { Public } from '../../identity/public.decorator.js';
import { JwtStrategy } from '../strategies/jwt.strategy.js';

/**
 * Global: every route needs a valid access token unless it is marked `@Public()`. The token is
 * checked by `JwtStrategy` (passport-jwt), called directly rather than through
 * `passport.authenticate`, whose per-request middleware was most of this guard's cost.
 */
@Injectable()
export class JwtAuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly strategy: JwtStrategy,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const isPublic = this.reflector.getAllAndOverride(Public, [
      context.getHandler(),
      context.getClass(),
    ]);
    if (isPublic) return true;
    const request = context.switchToHttp().getRequest<FastifyRequest & { user?: AuthUser }>();
    request.user = await this.strategy.authenticateRequest(request);
    return true;
  }
}
