import { ApiProperty } from '@nestjs/swagger';
import { IsString } from 'class-validator';

/**
 * The register rules are not applied here: a wrong password is just a wrong password.
 * The examples are the development admin that `.env` seeds, so "Try it out" logs in as sent.
 */
export class LoginDto {
  @ApiProperty({ example: 'admin' })
  @IsString()
  username!: string;

  @ApiProperty({ example: 'admin-dev-password' })
  @IsString()
  password!: string;
}
