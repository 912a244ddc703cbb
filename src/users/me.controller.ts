import { Body, Controller, Delete, Get, HttpCode, HttpStatus, Patch } from '@nestjs/common';
import { ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { AuthUser } from '../identity/auth-user.js';
import { CurrentUser } from '../identity/current-user.decorator.js';
import { RequireFreshToken } from '../identity/require-fresh-token.decorator.js';
import { ApiAuthenticated } from '../common/openapi/api-authenticated.decorator.js';
import { JSON_BODY_ERRORS } from '../common/openapi/api-errors.decorator.js';
import { UpdateMeDto } from './dto/update-me.dto.js';
import { UserDto } from './dto/user.dto.js';
import { UsersService } from './users.service.js';

@ApiTags('me')
@Controller('users/me')
export class MeController {
  constructor(private readonly users: UsersService) {}

  @ApiAuthenticated()
  @Get()
  @ApiOperation({ summary: "The caller's profile" })
  @ApiOkResponse({ type: UserDto, description: 'The user the access token was issued to' })
  getMe(@CurrentUser() caller: AuthUser): Promise<UserDto> {
    return this.users.getById(caller.id);
  }

  @ApiAuthenticated(...JSON_BODY_ERRORS)
  @Patch()
  @ApiOperation({ summary: "Changes the caller's email or name (null clears one)" })
  @ApiOkResponse({ type: UserDto, description: 'The profile as changed' })
  updateMe(@CurrentUser() caller: AuthUser, @Body() changes: UpdateMeDto): Promise<UserDto> {
    return this.users.updateProfile(caller.id, changes);
  }

  @ApiAuthenticated('fresh_token_required', 'last_admin')
  @Delete()
  @HttpCode(HttpStatus.NO_CONTENT)
  @RequireFreshToken()
  @ApiOperation({ summary: "Deletes the caller's account; needs a token from a password login" })
  @ApiNoContentResponse({ description: 'The account and its sessions are gone' })
  deleteMe(@CurrentUser() caller: AuthUser): Promise<void> {
    return this.users.delete(caller.id);
  }
}
