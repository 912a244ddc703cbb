import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsString } from 'class-validator';
import { IsOmittable } from '../../users/dto/validators.js';

export class RefreshDto {
  /** May be left out when the `refresh_token` cookie carries it; anything but a string is refused. */
  @ApiPropertyOptional({ example: 'rt_Yk3q9h2Jw0sVxq1s1Vb8R6nS5y3u0eJpC2m4a7d9f0g' })
  @IsOmittable()
  @IsString()
  refresh_token?: string;
}
