import { ApiProperty } from '@nestjs/swagger';
import { ROLES, type Role } from '../../identity/role.js';
import type { User } from '../user.entity.js';

/** A user as the API shows it: an allow-list of fields, never the password hash. */
export class UserDto {
  @ApiProperty({ format: 'uuid', example: '3f1c3f7e-7d3b-4d6f-9a36-1b0c5d4e2a10' })
  id!: string;

  @ApiProperty({ example: 'alice' })
  username!: string;

  @ApiProperty({ type: String, nullable: true, format: 'email', example: 'alice@example.com' })
  email!: string | null;

  @ApiProperty({ type: String, nullable: true, example: 'Alice Liddell' })
  name!: string | null;

  @ApiProperty({ enum: ROLES, isArray: true, example: ['user'] })
  roles!: Role[];

  @ApiProperty({ example: false })
  disabled!: boolean;

  @ApiProperty({ format: 'date-time' })
  createdAt!: string;

  @ApiProperty({ format: 'date-time' })
  updatedAt!: string;

  static from(user: User): UserDto {
    return {
      id: user.id,
      username: user.username,
      email: user.email,
      name: user.name,
      roles: [...user.roles],
      disabled: user.disabled,
      createdAt: user.createdAt.toISOString(),
      updatedAt: user.updatedAt.toISOString(),
    };
  }
}
