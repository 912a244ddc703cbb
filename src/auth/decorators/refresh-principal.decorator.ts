import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import type { RefreshPrincipal } from '../refresh-principal.js';

export const CurrentRefreshPrincipal = createParamDecorator(
  (_data: unknown, ctx: ExecutionContext): RefreshPrincipal =>
    ctx.switchToHttp().getRequest<FastifyRequest & { user: RefreshPrincipal }>().user,
);
