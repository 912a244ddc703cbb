import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsEmail, IsOptional, IsString, MaxLength, MinLength } from 'class-validator';
import { Trim } from './validators.js';

export class UpdateMeDto {
  /** `null` clears it. */
  @ApiPropertyOptional({
    type: String,
    nullable: true,
    format: 'email',
    example: 'carol@example.com',
  })
  @IsOptional()
  @Trim()
  @IsEmail({}, { message: 'email must be an email address' })
  @MaxLength(254)
  email?: string | null;

  /** `null` clears it. */
  @ApiPropertyOptional({ type: String, nullable: true, example: 'Carol Ames' })
  @IsOptional()
  @Trim()
  @IsString()
  @MinLength(1)
  @MaxLength(100)
  name?: string | null;
}
