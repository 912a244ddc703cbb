import { ApiProperty } from '@nestjs/swagger';
import { IsString } from 'class-validator';
import { CAROL_PASSWORD_EXAMPLE } from '../../users/dto/create-user.dto.js';
import { IsPasswordLength } from '../../users/dto/validators.js';

export class ChangePasswordDto {
  @ApiProperty({ example: CAROL_PASSWORD_EXAMPLE })
  @IsString()
  currentPassword!: string;

  @ApiProperty({ minLength: 8, maxLength: 256, example: 'carol-walks-the-long-way-home' })
  @IsPasswordLength()
  newPassword!: string;
}
