import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ERROR_CODES, type ErrorCode } from '../errors/error-codes.js';

export class FieldErrorDto {
  @ApiProperty({ example: 'password' })
  field!: string;

  @ApiProperty({ example: 'password must be a string of 8 to 256 characters' })
  message!: string;
}

/** RFC 9457 problem document: the body of every error. */
export class ProblemDto {
  @ApiProperty({ example: 'about:blank' })
  type!: string;

  @ApiProperty({ example: 'Unauthorized' })
  title!: string;

  @ApiProperty({ example: 401 })
  status!: number;

  @ApiProperty({ example: 'The token has expired' })
  detail!: string;

  @ApiProperty({ enum: Object.keys(ERROR_CODES), example: 'token_expired' })
  code!: ErrorCode;

  @ApiProperty({ example: '/api/users/me' })
  instance!: string;

  @ApiPropertyOptional({ type: [FieldErrorDto] })
  errors?: FieldErrorDto[];
}
