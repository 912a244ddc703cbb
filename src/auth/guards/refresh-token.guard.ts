import { type ExecutionContext, Injectable } from '@nestjs/common';
import { AuthGuard } from '@nestjs/passport';
import { AppError } from '../../common/errors/app-error.js';
import { RefreshDto } from '../dto/refresh.dto.js';
import { validateBody } from './validate-body.js';

@Injectable()
export class RefreshTokenGuard extends AuthGuard('refresh-token') {
  override async canActivate(context: ExecutionContext): Promise<boolean> {
    await validateBody(context, RefreshDto);
    return (await super.canActivate(context)) as boolean;
  }

  override handleRequest<TUser>(error: unknown, user: TUser | false): TUser {
    if (error) throw error;
    if (!user) throw new AppError('token_invalid');
    return user;
  }
}
