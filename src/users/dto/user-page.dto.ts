import { ApiProperty } from '@nestjs/swagger';
import { UserDto } from './user.dto.js';

export class UserPageDto {
  @ApiProperty({ type: [UserDto] })
  items!: UserDto[];

  /** Pass as `cursor` for the next page; `null` when no user follows. */
  @ApiProperty({ type: String, nullable: true })
  nextCursor!: string | null;
}
