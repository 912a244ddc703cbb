import { Column, CreateDateColumn, Entity, Index, PrimaryColumn, UpdateDateColumn } from 'typeorm';
import type { Role } from '../identity/role.js';

@Entity('users')
// The enabled admins, for the last-admin rule (see UsersRepository). On PostgreSQL `usernameKey`
// also has the collation "C" (migration IndexUserLookups), which the entity cannot state for
// both databases.
@Index('IDX_users_enabled_admins', ['id'], {
  where: `"disabled" = false AND "roles" LIKE '%admin%'`,
})
export class User {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id!: string;

  /** As registered; shown to people. */
  @Column({ type: 'varchar', length: 32 })
  username!: string;

  /** The username's case-folded form, unique: `Alice` and `alice` are one account. */
  @Index('UQ_users_usernameKey', { unique: true })
  @Column({ type: 'varchar', length: 32 })
  usernameKey!: string;

  @Column({ type: 'varchar', length: 254, nullable: true })
  email!: string | null;

  @Column({ type: 'varchar', length: 100, nullable: true })
  name!: string | null;

  @Column({ type: 'simple-array' })
  roles!: Role[];

  @Column({ type: 'varchar', length: 60, select: false })
  passwordHash!: string;

  @Column({ type: 'boolean', default: false })
  disabled!: boolean;

  /** When the roles last changed: access tokens issued before then are refused. */
  @Column({ type: Date, nullable: true })
  rolesChangedAt!: Date | null;

  @CreateDateColumn()
  createdAt!: Date;

  @UpdateDateColumn()
  updatedAt!: Date;
}
