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
import { User } from '../users/user.entity.js';

/** One login: its id is the `sid` of every access token and refresh token issued for it. */
@Entity('sessions')
export class Session {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id!: string;

  @Index('IDX_sessions_userId')
  @Column({ type: 'varchar', length: 36 })
  userId!: string;

  /** Declared for the foreign key (a user's sessions go with the user); never loaded. */
  @ManyToOne(() => User, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'userId' })
  user?: Relation<User>;

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
