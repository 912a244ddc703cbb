import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  ArrayMaxSize,
  ArrayMinSize,
  ArrayUnique,
  IsArray,
  IsIn,
  IsString,
  Matches,
} from 'class-validator';
import { ROLES, type Role } from '../../identity/role.js';
import { USERNAME_PATTERN } from '../username.js';
import { UpdateMeDto } from './update-me.dto.js';
import { IsOmittable, IsPasswordLength, NormalizeUsername } from './validators.js';

/** The example account: register it, then log in and change its password with the examples. */
export const CAROL_PASSWORD_EXAMPLE = 'carol-reads-maps-at-dawn';

export class CreateUserDto extends UpdateMeDto {
  @ApiProperty({ minLength: 3, maxLength: 32, pattern: USERNAME_PATTERN.source, example: 'carol' })
  @NormalizeUsername()
  @IsString()
  @Matches(USERNAME_PATTERN, {
    message: 'username must be 3 to 32 characters: letters, digits, _ . -',
  })
  username!: string;

  @ApiProperty({ minLength: 8, maxLength: 256, example: CAROL_PASSWORD_EXAMPLE })
  @IsPasswordLength()
  password!: string;

  @ApiPropertyOptional({ enum: ROLES, isArray: true, default: ['user'], example: ['user'] })
  @IsOmittable()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(ROLES.length)
  @ArrayUnique()
  @IsIn(ROLES, { each: true, message: `roles must contain only ${ROLES.join(', ')}` })
  roles?: Role[];
}
