import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';

export interface RefreshRequest extends FastifyRequest {
  /** Set by `RefreshTokenGuard`: from the body, or the cookie that passed the CSRF check. */
  presentedRefreshToken: string;
}

/** The refresh token the request presents (routes behind `RefreshTokenGuard`). */
export const PresentedRefreshToken = createParamDecorator(
  (_data: unknown, ctx: ExecutionContext): string =>
    ctx.switchToHttp().getRequest<RefreshRequest>().presentedRefreshToken,
);
