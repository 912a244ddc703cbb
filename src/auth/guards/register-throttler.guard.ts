import { Injectable } from '@nestjs/common';
import { ThrottlerGuard } from '@nestjs/throttler';
import type { FastifyRequest } from 'fastify';
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
}
