import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString } from 'class-validator';

export class RefreshDto {
  /** May be left out when the `refresh_token` cookie carries it. */
  @ApiPropertyOptional({ example: 'rt_Yk3q9h2Jw0sVxq1s1Vb8R6nS5y3u0eJpC2m4a7d9f0g' })
  @IsOptional()
  @IsString()
  refresh_token?: string;
}
