import { ApiProperty } from '@nestjs/swagger';
import { IsString } from 'class-validator';

/** The register rules are not applied here: a wrong password is just a wrong password. */
export class LoginDto {
  @ApiProperty({ example: 'alice' })
  @IsString()
  username!: string;

  @ApiProperty({ example: 'correct horse battery staple' })
  @IsString()
  password!: string;
}
