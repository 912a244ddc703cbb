import { Controller, Get } from '@nestjs/common';
import type { AuthUser } from '../src/identity/auth-user.js';
import { CurrentUser } from '../src/identity/current-user.decorator.js';

/**
 * Benchmark-only: behind the same global guards as every API route, but it only echoes what the
 * verified token says. `/api/users/me` measured against it isolates what the revocation check
 * and the user lookup cost.
 */
@Controller('bench')
export class ClaimsController {
  @Get('claims')
  claims(@CurrentUser() caller: AuthUser): AuthUser {
    return caller;
  }
}
