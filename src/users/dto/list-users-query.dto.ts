import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsInt, IsOptional, IsString, Max, MaxLength, Min, ValidateBy } from 'class-validator';
import { ToDecimalInteger } from '../../common/validation/decimal-integer.js';
import { decodeCursor } from '../user-cursor.js';

export class ListUsersQueryDto {
  @ApiPropertyOptional({ type: 'integer', minimum: 1, maximum: 100, default: 20 })
  @IsOptional()
  @ToDecimalInteger()
  @IsInt()
  @Min(1)
  @Max(100)
  limit = 20;

  /** `nextCursor` of the previous page. */
  @ApiPropertyOptional({ type: String })
  @IsOptional()
  @ValidateBy({
    name: 'isCursor',
    validator: {
      validate: (value) => typeof value === 'string' && decodeCursor(value) !== undefined,
      defaultMessage: () => 'cursor must be a nextCursor value from a previous page',
    },
  })
  cursor?: string;

  /** Username prefix, ignoring case. */
  @ApiPropertyOptional({ type: String, maxLength: 32, example: 'al' })
  @IsOptional()
  @IsString()
  @MaxLength(32)
  q?: string;
}
