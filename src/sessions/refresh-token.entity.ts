import {
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryColumn,
  type Relation,
} from 'typeorm';
import { Session } from './session.entity.js';

/**
 * Every refresh token a session was given, by the SHA-256 of its value (the value itself is never
 * stored). Rotated ones stay, so that presenting one later is recognised as reuse.
 */
@Entity('refresh_tokens')
export class RefreshToken {
  @PrimaryColumn({ type: 'varchar', length: 64 })
  tokenHash!: string;

  @Index('IDX_refresh_tokens_sessionId')
  @Column({ type: 'varchar', length: 36 })
  sessionId!: string;

  /** A session's tokens go with it; loaded with the token when a refresh looks one up. */
  @ManyToOne(() => Session, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'sessionId' })
  session?: Relation<Session>;

  @CreateDateColumn()
  createdAt!: Date;

  @Column({ type: Date, nullable: true })
  rotatedAt!: Date | null;

  /** Once rotated: its successor, sealed under a key derived from this token (`successor-seal`). */
  @Column({ type: 'varchar', length: 128, nullable: true })
  sealedSuccessor!: string | null;
}
