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
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { Roles } from '../identity/roles.decorator.js';
import { ApiAuthenticated } from '../common/openapi/api-authenticated.decorator.js';
import { JSON_BODY_ERRORS } from '../common/openapi/api-errors.decorator.js';
import { ApiIdParam } from '../common/openapi/api-id-param.decorator.js';
import { CreateUserDto } from './dto/create-user.dto.js';
import { ListUsersQueryDto } from './dto/list-users-query.dto.js';
import { UpdateUserDto } from './dto/update-user.dto.js';
import { UserDto } from './dto/user.dto.js';
import { UserPageDto } from './dto/user-page.dto.js';
import { UsersService } from './users.service.js';

@ApiTags('users (admin)')
@Roles('admin')
@Controller('users')
export class UsersController {
  constructor(private readonly users: UsersService) {}

  @ApiAuthenticated('forbidden', 'validation_failed')
  @Get()
  @ApiOperation({ summary: 'Users in username order (ignoring case), a page at a time' })
  @ApiOkResponse({
    type: UserPageDto,
    description: 'A page of users; pass `nextCursor` as `cursor` for the next one',
  })
  listUsers(@Query() query: ListUsersQueryDto): Promise<UserPageDto> {
    return this.users.list(query);
  }

  @ApiAuthenticated('forbidden', 'not_found')
  @Get(':id')
  @ApiOperation({ summary: 'One user' })
  @ApiIdParam('The id of the user')
  @ApiOkResponse({ type: UserDto, description: 'The user' })
  getUser(@Param('id') id: string): Promise<UserDto> {
    return this.users.getById(id);
  }

  @ApiAuthenticated(
    'forbidden',
    ...JSON_BODY_ERRORS,
    'weak_password',
    'username_taken',
    'service_unavailable',
  )
  @Post()
  @ApiOperation({ summary: 'Creates a user (role user unless roles says otherwise)' })
  @ApiCreatedResponse({ type: UserDto, description: 'The user as created' })
  createUser(@Body() user: CreateUserDto): Promise<UserDto> {
    return this.users.create(user);
  }

  @ApiAuthenticated(
    'forbidden',
    ...JSON_BODY_ERRORS,
    'weak_password',
    'not_found',
    'last_admin',
    'service_unavailable',
  )
  @Patch(':id')
  @ApiOperation({
    summary:
      'Changes a user; a new password or disabling ends their sessions, a role change their access tokens',
  })
  @ApiIdParam('The id of the user')
  @ApiOkResponse({ type: UserDto, description: 'The user as changed' })
  updateUser(@Param('id') id: string, @Body() changes: UpdateUserDto): Promise<UserDto> {
    return this.users.updateByAdmin(id, changes);
  }

  @ApiAuthenticated('forbidden', 'not_found', 'last_admin')
  @Delete(':id')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiOperation({ summary: 'Deletes a user and their sessions' })
  @ApiIdParam('The id of the user')
  @ApiNoContentResponse({ description: 'The user is gone' })
  deleteUser(@Param('id') id: string): Promise<void> {
    return this.users.delete(id);
  }
}
