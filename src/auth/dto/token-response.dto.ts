import { ApiProperty } from '@nestjs/swagger';
import { UserDto } from '../../users/dto/user.dto.js';

/** RFC 6749 §5.1 token response, with the user it was issued to. */
export class TokenResponseDto {
  @ApiProperty({ example: 'eyJhbGciOiJIUzI1NiIsInR5cCI6ImF0K2p3dCIsImtpZCI6Ii4uLiJ9.…' })
  access_token!: string;

  @ApiProperty({ enum: ['Bearer'], example: 'Bearer' })
  token_type!: 'Bearer';

  /** Seconds until the access token expires. */
  @ApiProperty({ type: 'integer', example: 900 })
  expires_in!: number;

  @ApiProperty({ example: 'rt_Yk3q9h2Jw0sVxq1s1Vb8R6nS5y3u0eJpC2m4a7d9f0g' })
  refresh_token!: string;

  /** Seconds until the refresh token expires. */
  @ApiProperty({ type: 'integer', example: 1209600 })
  refresh_expires_in!: number;

  @ApiProperty({ type: UserDto })
  user!: UserDto;
}
