import { ApiProperty } from '@nestjs/swagger';
import { IsString } from 'class-validator';
import { IsPasswordLength } from '../../users/dto/validators.js';

export class ChangePasswordDto {
  @ApiProperty({ example: 'correct horse battery staple' })
  @IsString()
  currentPassword!: string;

  @ApiProperty({ minLength: 8, maxLength: 256, example: 'a new, longer passphrase' })
  @IsPasswordLength()
  newPassword!: string;
}
