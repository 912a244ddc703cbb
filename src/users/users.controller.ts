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
import { Roles } from '../identity/roles.decorator.js';
import {
  ACCESS_TOKEN_ERRORS,
  ApiErrors,
  JSON_BODY_ERRORS,
} from '../common/openapi/api-errors.decorator.js';
import { ApiIdParam } from '../common/openapi/api-id-param.decorator.js';
import { CreateUserDto } from './dto/create-user.dto.js';
import { ListUsersQueryDto } from './dto/list-users-query.dto.js';
import { UpdateUserDto } from './dto/update-user.dto.js';
import { UserDto } from './dto/user.dto.js';
import { UserPageDto } from './dto/user-page.dto.js';
import { UsersService } from './users.service.js';

const ADMIN_ERRORS = [...ACCESS_TOKEN_ERRORS, 'forbidden'] as const;

@ApiTags('users (admin)')
@ApiBearerAuth()
@Roles('admin')
@Controller('users')
export class UsersController {
  constructor(private readonly users: UsersService) {}

  @Get()
  @ApiOperation({ summary: 'Users in username order (ignoring case), a page at a time' })
  @ApiOkResponse({
    type: UserPageDto,
    description: 'A page of users; pass `nextCursor` as `cursor` for the next one',
  })
  @ApiErrors(...ADMIN_ERRORS, 'validation_failed')
  listUsers(@Query() query: ListUsersQueryDto): Promise<UserPageDto> {
    return this.users.list(query);
  }

  @Get(':id')
  @ApiOperation({ summary: 'One user' })
  @ApiIdParam('The id of the user')
  @ApiOkResponse({ type: UserDto, description: 'The user' })
  @ApiErrors(...ADMIN_ERRORS, 'not_found')
  getUser(@Param('id') id: string): Promise<UserDto> {
    return this.users.getById(id);
  }

  @Post()
  @ApiOperation({ summary: 'Creates a user (role user unless roles says otherwise)' })
  @ApiCreatedResponse({ type: UserDto, description: 'The user as created' })
  @ApiErrors(...ADMIN_ERRORS, ...JSON_BODY_ERRORS, 'weak_password', 'csrf_failed', 'username_taken')
  createUser(@Body() user: CreateUserDto): Promise<UserDto> {
    return this.users.create(user);
  }

  @Patch(':id')
  @ApiOperation({
    summary:
      'Changes a user; a new password or disabling ends their sessions, a role change their access tokens',
  })
  @ApiIdParam('The id of the user')
  @ApiOkResponse({ type: UserDto, description: 'The user as changed' })
  @ApiErrors(
    ...ADMIN_ERRORS,
    ...JSON_BODY_ERRORS,
    'weak_password',
    'csrf_failed',
    'not_found',
    'last_admin',
  )
  updateUser(@Param('id') id: string, @Body() changes: UpdateUserDto): Promise<UserDto> {
    return this.users.updateByAdmin(id, changes);
  }

  @Delete(':id')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiOperation({ summary: 'Deletes a user and their sessions' })
  @ApiIdParam('The id of the user')
  @ApiNoContentResponse({ description: 'The user is gone' })
  @ApiErrors(...ADMIN_ERRORS, 'csrf_failed', 'not_found', 'last_admin')
  deleteUser(@Param('id') id: string): Promise<void> {
    return this.users.delete(id);
  }
}
