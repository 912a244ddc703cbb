import { type ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import {
  InjectThrottlerOptions,
  InjectThrottlerStorage,
  ThrottlerGuard,
  type ThrottlerLimitDetail,
  type ThrottlerModuleOptions,
  type ThrottlerStorage,
} from '@nestjs/throttler';
import type { FastifyRequest } from 'fastify';
import { AppError } from '../../common/errors/app-error.js';
import { AuthEvents } from '../../logging/auth-events.js';
import { usernameKey } from '../../users/username.js';

/** Register attempts, all of them, per client address and requested username. */
@Injectable()
export class RegisterThrottlerGuard extends ThrottlerGuard {
  constructor(
    @InjectThrottlerOptions() options: ThrottlerModuleOptions,
    @InjectThrottlerStorage() storage: ThrottlerStorage,
    reflector: Reflector,
    private readonly events: AuthEvents,
  ) {
    super(options, storage, reflector);
  }

  protected override getTracker(request: FastifyRequest): Promise<string> {
    return Promise.resolve(`${request.ip}:${usernameKey(requestedUsername(request))}`);
  }

  protected override throwThrottlingException(
    context: ExecutionContext,
    limit: ThrottlerLimitDetail,
  ): Promise<void> {
    this.events.throttled('register', requestedUsername(context.switchToHttp().getRequest()));
    throw new AppError('too_many_requests', { retryAfter: Math.max(1, limit.timeToBlockExpire) });
  }
}

function requestedUsername(request: FastifyRequest): string {
  const username = (request.body as { username?: unknown } | undefined)?.username;
  return typeof username === 'string' ? username : '';
}
