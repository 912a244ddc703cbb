import { Column, CreateDateColumn, Entity, ForeignKey, Index, PrimaryColumn } from 'typeorm';

/** One login: its id is the `sid` of every access token and refresh token issued for it. */
@Entity('sessions')
export class Session {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id!: string;

  /** A user's sessions go with the user (the foreign key, by table name: no import of users). */
  @Index('IDX_sessions_userId')
  @ForeignKey('users', { onDelete: 'CASCADE' })
  @Column({ type: 'varchar', length: 36 })
  userId!: string;

  @Column({ type: 'varchar', length: 512, nullable: true })
  userAgent!: string | null;

  @Column({ type: 'varchar', length: 64, nullable: true })
  ip!: string | null;

  @CreateDateColumn()
  createdAt!: Date;

  @Column({ type: Date })
  lastUsedAt!: Date;

  /** When the current refresh token expires. */
  @Column({ type: Date })
  refreshExpiresAt!: Date;

  /** The cap that no refresh extends (`JWT_SESSION_MAX_AGE` after login). */
  @Column({ type: Date })
  absoluteExpiresAt!: Date;

  @Index('IDX_sessions_revokedAt')
  @Column({ type: Date, nullable: true })
  revokedAt!: Date | null;
}
