import {
  Body,
  Controller,
  Delete,
  Get,
  HttpCode,
  HttpStatus,
  Param,
  Patch,
  Post,
  Query,
} from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { Roles } from '../auth/decorators/roles.decorator.js';
import { ApiErrors } from '../common/openapi/api-errors.decorator.js';
import { CreateUserDto } from './dto/create-user.dto.js';
import { ListUsersQueryDto } from './dto/list-users-query.dto.js';
import { UpdateUserDto } from './dto/update-user.dto.js';
import { UserDto } from './dto/user.dto.js';
import { UserPageDto } from './dto/user-page.dto.js';
import { UsersService } from './users.service.js';

@ApiTags('users (admin)')
@ApiBearerAuth()
@Roles('admin')
@ApiErrors('token_missing', 'token_invalid', 'token_expired', 'token_revoked', 'forbidden')
@Controller('users')
export class UsersController {
  constructor(private readonly users: UsersService) {}

  @Get()
  @ApiOperation({ summary: 'Users in username order (ignoring case), a page at a time' })
  @ApiOkResponse({ type: UserPageDto })
  @ApiErrors('validation_failed')
  list(@Query() query: ListUsersQueryDto): Promise<UserPageDto> {
    return this.users.list(query);
  }

  @Get(':id')
  @ApiOperation({ summary: 'One user' })
  @ApiOkResponse({ type: UserDto })
  @ApiErrors('not_found')
  get(@Param('id') id: string): Promise<UserDto> {
    return this.users.getById(id);
  }

  @Post()
  @ApiOperation({ summary: 'Creates a user (role user unless roles says otherwise)' })
  @ApiCreatedResponse({ type: UserDto })
  @ApiErrors('validation_failed', 'malformed_json', 'weak_password', 'username_taken')
  create(@Body() user: CreateUserDto): Promise<UserDto> {
    return this.users.create(user);
  }

  @Patch(':id')
  @ApiOperation({
    summary:
      'Changes a user; a new password or disabling ends their sessions, a role change their access tokens',
  })
  @ApiOkResponse({ type: UserDto })
  @ApiErrors('validation_failed', 'malformed_json', 'weak_password', 'not_found', 'last_admin')
  update(@Param('id') id: string, @Body() changes: UpdateUserDto): Promise<UserDto> {
    return this.users.updateByAdmin(id, changes);
  }

  @Delete(':id')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiOperation({ summary: 'Deletes a user and their sessions' })
  @ApiNoContentResponse({ description: 'The user is gone' })
  @ApiErrors('not_found', 'last_admin')
  delete(@Param('id') id: string): Promise<void> {
    return this.users.delete(id);
  }
}
