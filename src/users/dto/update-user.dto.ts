import { ApiPropertyOptional, OmitType, PartialType } from '@nestjs/swagger';
import { IsBoolean } from 'class-validator';
import { CreateUserDto } from './create-user.dto.js';
import { IsOmittable } from './validators.js';

export class UpdateUserDto extends PartialType(OmitType(CreateUserDto, ['username'] as const), {
  skipNullProperties: false,
}) {
  /** A disabled user cannot log in, and their sessions end at once. */
  @ApiPropertyOptional({ example: true })
  @IsOmittable()
  @IsBoolean()
  disabled?: boolean;
}
