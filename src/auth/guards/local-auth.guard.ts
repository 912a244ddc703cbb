import { type ExecutionContext, Injectable } from '@nestjs/common';
import { AuthGuard } from '@nestjs/passport';
import type { FastifyRequest } from 'fastify';
import { AppError } from '../../common/errors/app-error.js';
import { LoginDto } from '../dto/login.dto.js';
import { LoginAttemptsService } from '../throttling/login-attempts.service.js';
import { validateBody } from './validate-body.js';

/** The login: a well-formed body, within the brute-force limits, with the right password. */
@Injectable()
export class LocalAuthGuard extends AuthGuard('local') {
  constructor(private readonly attempts: LoginAttemptsService) {
    super();
  }

  override async canActivate(context: ExecutionContext): Promise<boolean> {
    await validateBody(context, LoginDto);
    const request = context.switchToHttp().getRequest<FastifyRequest & { body: LoginDto }>();
    return this.attempts.attempt(
      request.ip,
      request.body.username,
      async () => (await super.canActivate(context)) as boolean,
    );
  }

  override handleRequest<TUser>(error: unknown, user: TUser | false): TUser {
    if (error) throw error;
    // passport-local fails without an error when a field is empty: a wrong password all the same.
    if (!user) throw new AppError('invalid_credentials');
    return user;
  }
}
