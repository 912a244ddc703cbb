import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Brackets, type Repository, type WhereExpressionBuilder } from 'typeorm';
import { ADVISORY_LOCKS } from '../database/advisory-locks.js';
import { atomically, isPostgres } from '../database/atomically.js';
import { recordChange } from '../database/change-feed/change-feed.repository.js';
import { User } from './user.entity.js';
import { usernameKeyPrefixBound } from './username.js';

export type NewUser = Pick<
  User,
  'id' | 'username' | 'usernameKey' | 'email' | 'name' | 'roles' | 'passwordHash'
>;
export type UserChanges = Partial<
  Pick<User, 'email' | 'name' | 'roles' | 'rolesChangedAt' | 'passwordHash' | 'disabled'>
>;

export interface UserPageQuery {
  limit: number;
  /** Usernames after this key, in key order. */
  afterKey?: string;
  /** Key prefix, already lowercased, of key characters only. */
  keyPrefix?: string;
}

/**
 * How a change or deletion of a user went. The last enabled admin must stay one: a change that
 * would leave none changes nothing and is `last_admin`.
 */
export type UserWriteOutcome = 'done' | 'not_found' | 'last_admin';

@Injectable()
export class UsersRepository {
  constructor(@InjectRepository(User) private readonly users: Repository<User>) {}

  findById(id: string): Promise<User | null> {
    return this.users.findOneBy({ id });
  }

  findByKey(usernameKey: string): Promise<User | null> {
    return this.users.findOneBy({ usernameKey });
  }

  existsByKey(usernameKey: string): Promise<boolean> {
    return this.users.existsBy({ usernameKey });
  }

  /** The user with the password hash, for checking a password. */
  findCredentials(usernameKey: string): Promise<User | null> {
    return this.withPasswordHash({ usernameKey });
  }

  findCredentialsById(id: string): Promise<User | null> {
    return this.withPasswordHash({ id });
  }

  /** Inserts unless the username key is taken (one statement: no race); returns whether it did. */
  async insertIfUsernameFree(user: NewUser): Promise<boolean> {
    await this.users
      .createQueryBuilder()
      .insert()
      .values({ ...user, disabled: false })
      .orIgnore()
      .execute();
    return this.users.existsBy({ id: user.id });
  }

  /**
   * Only while the stored hash is still `current`, so a password changed meanwhile stays; not a
   * change the user made, so `updatedAt` stays too.
   */
  async replacePasswordHash(id: string, current: string, replacement: string): Promise<void> {
    await this.users
      .createQueryBuilder()
      .update()
      .set({ passwordHash: replacement, updatedAt: () => '"updatedAt"' })
      .where('id = :id AND "passwordHash" = :current', { id, current })
      .execute();
  }

  listPage({ limit, afterKey, keyPrefix }: UserPageQuery): Promise<User[]> {
    const query = this.users
      .createQueryBuilder('user')
      .orderBy('user.usernameKey', 'ASC')
      .take(limit);
    if (afterKey !== undefined) query.andWhere('user.usernameKey > :afterKey', { afterKey });
    if (keyPrefix) {
      // A range, not LIKE: the unique index then reads only the matching keys.
      query.andWhere('user.usernameKey >= :keyPrefix AND user.usernameKey < :keyPrefixBound', {
        keyPrefix,
        keyPrefixBound: usernameKeyPrefixBound(keyPrefix),
      });
    }
    return query.getMany();
  }

  /**
   * `updatedAt` comes from the application's clock, with milliseconds, like `createdAt`: left to
   * TypeORM it would be the database's `CURRENT_TIMESTAMP`, whole seconds on SQLite.
   */
  async update(id: string, changes: UserChanges): Promise<UserWriteOutcome> {
    const keepsAdmin = changes.disabled !== true && (changes.roles?.includes('admin') ?? true);
    return this.underAdminRule(id, !keepsAdmin, async (users) => {
      const query = users
        .createQueryBuilder()
        .update()
        .set({ ...changes, updatedAt: new Date() })
        .where('id = :id', { id });
      if (!keepsAdmin) this.whereAnotherAdminRemains(query, id);
      const result = await query.execute();
      return this.outcome(users, result.affected, id);
    });
  }

  async delete(id: string): Promise<UserWriteOutcome> {
    return this.underAdminRule(id, true, async (users) => {
      const query = users.createQueryBuilder().delete().where('id = :id', { id });
      this.whereAnotherAdminRemains(query, id);
      const result = await query.execute();
      return this.outcome(users, result.affected, id);
    });
  }

  /**
   * Runs `change` to user `id` as one unit, with its row in the change feed when it was made. One
   * that could remove an admin first takes the admin-rule lock on PostgreSQL: under READ
   * COMMITTED two such statements do not see each other's uncommitted rows, so two admins
   * disabling each other at once would both succeed; in turns, the second statement sees the
   * first one's result. (SQLite runs one write at a time anyway.)
   */
  private underAdminRule(
    id: string,
    mayRemoveAdmin: boolean,
    change: (users: Repository<User>) => Promise<UserWriteOutcome>,
  ): Promise<UserWriteOutcome> {
    return atomically(this.users.manager, async (manager) => {
      if (mayRemoveAdmin && isPostgres(manager)) {
        await manager.query('SELECT pg_advisory_xact_lock($1)', [ADVISORY_LOCKS.adminRule]);
      }
      const result = await change(manager.getRepository(User));
      if (result === 'done') {
        await recordChange(manager, { kind: 'user-changed', userId: id }, new Date());
      }
      return result;
    });
  }

  /**
   * Folded into the statement itself: the check and the change are one step. The subquery repeats
   * the predicate of the partial index `IDX_users_enabled_admins` word for word (literals, not
   * parameters), so both databases read the few enabled admins from it instead of every user.
   */
  private whereAnotherAdminRemains(query: WhereExpressionBuilder, id: string): void {
    query.andWhere(
      new Brackets((where) => {
        where
          .where(`"roles" NOT LIKE '%admin%'`)
          .orWhere('"disabled" = :disabledTrue', { disabledTrue: true })
          .orWhere(
            `EXISTS (SELECT 1 FROM "users" "other" WHERE "other"."id" <> :id
               AND "other"."disabled" = false AND "other"."roles" LIKE '%admin%')`,
            { id },
          );
      }),
    );
  }

  /** `passwordHash` is never selected unless asked for (`select: false`). */
  private withPasswordHash(where: { id: string } | { usernameKey: string }): Promise<User | null> {
    return this.users
      .createQueryBuilder('user')
      .addSelect('user.passwordHash')
      .where(where)
      .getOne();
  }

  private async outcome(
    users: Repository<User>,
    affected: number | null | undefined,
    id: string,
  ): Promise<UserWriteOutcome> {
    if (affected) return 'done';
    return (await users.existsBy({ id })) ? 'last_admin' : 'not_found';
  }
}
