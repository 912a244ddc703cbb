import { Body, Controller, Delete, Get, HttpCode, HttpStatus, Patch } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import type { AuthUser } from '../auth/auth-user.js';
import { CurrentUser } from '../auth/decorators/current-user.decorator.js';
import { RequireFreshToken } from '../auth/decorators/fresh-token.decorator.js';
import { ApiErrors } from '../common/openapi/api-errors.decorator.js';
import { UpdateMeDto } from './dto/update-me.dto.js';
import { UserDto } from './dto/user.dto.js';
import { UsersService } from './users.service.js';

@ApiTags('me')
@ApiBearerAuth()
@ApiErrors('token_missing', 'token_invalid', 'token_expired', 'token_revoked')
@Controller('users/me')
export class MeController {
  constructor(private readonly users: UsersService) {}

  @Get()
  @ApiOperation({ summary: "The caller's profile" })
  @ApiOkResponse({ type: UserDto })
  get(@CurrentUser() caller: AuthUser): Promise<UserDto> {
    return this.users.getById(caller.id);
  }

  @Patch()
  @ApiOperation({ summary: "Changes the caller's email or name (null clears one)" })
  @ApiOkResponse({ type: UserDto })
  @ApiErrors('validation_failed', 'malformed_json')
  update(@CurrentUser() caller: AuthUser, @Body() changes: UpdateMeDto): Promise<UserDto> {
    return this.users.updateProfile(caller.id, changes);
  }

  @Delete()
  @HttpCode(HttpStatus.NO_CONTENT)
  @RequireFreshToken()
  @ApiOperation({ summary: "Deletes the caller's account; needs a token from a password login" })
  @ApiNoContentResponse({ description: 'The account and its sessions are gone' })
  @ApiErrors(
    'token_missing',
    'token_invalid',
    'token_expired',
    'token_revoked',
    'fresh_token_required',
    'last_admin',
  )
  delete(@CurrentUser() caller: AuthUser): Promise<void> {
    return this.users.delete(caller.id);
  }
}
