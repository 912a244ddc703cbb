import { ApiProperty } from '@nestjs/swagger';
import type { Session } from '../session.entity.js';

export class SessionDto {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiProperty({ format: 'date-time' })
  createdAt!: string;

  @ApiProperty({ format: 'date-time' })
  lastUsedAt!: string;

  /** When the current refresh token or the session's cap runs out, whichever is first. */
  @ApiProperty({ format: 'date-time' })
  expiresAt!: string;

  @ApiProperty({ type: String, nullable: true, example: 'Mozilla/5.0' })
  userAgent!: string | null;

  @ApiProperty({ type: String, nullable: true, example: '203.0.113.7' })
  ip!: string | null;

  /** The session of the token that made this request. */
  @ApiProperty()
  current!: boolean;

  static from(session: Session, currentSessionId?: string): SessionDto {
    const expiresAt = Math.min(
      session.refreshExpiresAt.getTime(),
      session.absoluteExpiresAt.getTime(),
    );
    return {
      id: session.id,
      createdAt: session.createdAt.toISOString(),
      lastUsedAt: session.lastUsedAt.toISOString(),
      expiresAt: new Date(expiresAt).toISOString(),
      userAgent: session.userAgent,
      ip: session.ip,
      current: session.id === currentSessionId,
    };
  }
}
