import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';

export interface ClientInfo {
  /** Resolved by Fastify according to `TRUST_PROXY`. */
  ip: string;
  userAgent: string | null;
}

export const ClientInfo = createParamDecorator(
  (_data: unknown, ctx: ExecutionContext): ClientInfo => {
    const request = ctx.switchToHttp().getRequest<FastifyRequest>();
    const userAgent = request.headers['user-agent'];
    return { ip: request.ip, userAgent: userAgent ? userAgent.slice(0, 512) : null };
  },
);
