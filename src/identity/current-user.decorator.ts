import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { AuthRequest, AuthUser } from './auth-user.js';

export const CurrentUser = createParamDecorator(
  (_data: unknown, ctx: ExecutionContext): AuthUser =>
    ctx.switchToHttp().getRequest<AuthRequest>().user,
);
