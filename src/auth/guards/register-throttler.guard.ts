import { type ExecutionContext, Injectable } from '@nestjs/common';
import { ThrottlerGuard, type ThrottlerLimitDetail } from '@nestjs/throttler';
import type { FastifyRequest } from 'fastify';
import { AppError } from '../../common/errors/app-error.js';
import { usernameKey } from '../../users/username.js';

/** Register attempts, all of them, per client address and requested username. */
@Injectable()
export class RegisterThrottlerGuard extends ThrottlerGuard {
  protected override getTracker(request: FastifyRequest): Promise<string> {
    const username = (request.body as { username?: unknown } | undefined)?.username;
    return Promise.resolve(
      `${request.ip}:${typeof username === 'string' ? usernameKey(username) : ''}`,
    );
  }

  protected override throwThrottlingException(
    _context: ExecutionContext,
    limit: ThrottlerLimitDetail,
  ): Promise<void> {
    throw new AppError('too_many_requests', { retryAfter: Math.max(1, limit.timeToBlockExpire) });
  }
}
