import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { AppError } from '../common/errors/app-error.js';
import { ChangeBus } from '../database/change-feed/change-bus.js';
import { AuthEvents } from '../logging/auth-events.js';
import { SessionsService } from '../sessions/sessions.service.js';
import type { ListUsersQueryDto } from './dto/list-users-query.dto.js';
import type { UpdateMeDto } from './dto/update-me.dto.js';
import type { UpdateUserDto } from './dto/update-user.dto.js';
import { UserDto } from './dto/user.dto.js';
import type { UserPageDto } from './dto/user-page.dto.js';
import { PasswordHasher } from './hashing/password-hasher.js';
import { assertAcceptablePassword } from './password-policy.js';
import { type Role, sameRoles } from '../identity/role.js';
import { decodeCursor, encodeCursor } from './user-cursor.js';
import type { User } from './user.entity.js';
import { type CachedUser, UserProfileCache } from './user-profile.cache.js';
import { type UserChanges, type UserWriteOutcome, UsersRepository } from './users.repository.js';
import { canPrefixUsernameKey, usernameKey } from './username.js';

export interface NewAccount {
  username: string;
  password: string;
  email?: string | null;
  name?: string | null;
  roles?: Role[];
}

@Injectable()
export class UsersService {
  constructor(
    private readonly users: UsersRepository,
    private readonly profiles: UserProfileCache,
    private readonly sessions: SessionsService,
    private readonly passwords: PasswordHasher,
    private readonly events: AuthEvents,
    private readonly changes: ChangeBus,
  ) {}

  async create(account: NewAccount): Promise<UserDto> {
    assertAcceptablePassword(account.password, account.username);
    const key = usernameKey(account.username);
    if (await this.users.existsByKey(key)) throw new AppError('username_taken');
    const now = new Date();
    const user: User = {
      id: randomUUID(),
      username: account.username,
      usernameKey: key,
      email: account.email ?? null,
      name: account.name ?? null,
      roles: account.roles ?? ['user'],
      rolesChangedAt: null,
      passwordHash: await this.passwords.hash(account.password),
      disabled: false,
      createdAt: now,
      updatedAt: now,
    };
    if (!(await this.users.insertIfUsernameFree(user))) throw new AppError('username_taken');
    this.events.userCreated(user.id, user.roles);
    return this.getById(user.id);
  }

  async findProfile(id: string): Promise<UserDto | undefined> {
    return (await this.findTokenSubject(id))?.profile;
  }

  /** The user behind a token: from the cache, so authenticated requests skip the database. */
  async findTokenSubject(id: string): Promise<CachedUser | undefined> {
    const cached = this.profiles.get(id);
    if (cached) return cached;
    const version = this.profiles.version();
    const user = await this.users.findById(id);
    if (!user) return undefined;
    const entry = { profile: UserDto.from(user), rolesChangedAt: user.rolesChangedAt };
    this.profiles.set(entry, version);
    return entry;
  }

  async getById(id: string): Promise<UserDto> {
    const profile = await this.findProfile(id);
    if (!profile) throw new AppError('not_found');
    return profile;
  }

  /** The user with this username, in any case; for the operator CLI, which names users. */
  async getByUsername(username: string): Promise<UserDto> {
    const user = await this.users.findByKey(usernameKey(username));
    if (!user) throw new AppError('not_found', { detail: `No user has the username ${username}` });
    return UserDto.from(user);
  }

  async list({ limit, cursor, q }: ListUsersQueryDto): Promise<UserPageDto> {
    const keyPrefix = q === undefined ? undefined : usernameKey(q);
    if (keyPrefix !== undefined && !canPrefixUsernameKey(keyPrefix)) {
      return { items: [], nextCursor: null };
    }
    const rows = await this.users.listPage({
      limit: limit + 1,
      afterKey: cursor === undefined ? undefined : decodeCursor(cursor),
      keyPrefix,
    });
    const page = rows.slice(0, limit);
    const last = page.at(-1);
    return {
      items: page.map((user) => UserDto.from(user)),
      nextCursor: rows.length > limit && last ? encodeCursor(last.usernameKey) : null,
    };
  }

  updateProfile(id: string, changes: UpdateMeDto): Promise<UserDto> {
    return this.applyChanges(id, { email: changes.email, name: changes.name });
  }

  /**
   * An admin's change; a new password, disabling or deleting ends the user's sessions. A change
   * of roles keeps them but dates it: access tokens issued before it are refused from then on.
   */
  async updateByAdmin(id: string, changes: UpdateUserDto): Promise<UserDto> {
    const current = await this.getById(id);
    const passwordHash =
      changes.password === undefined
        ? undefined
        : await this.newPasswordHash(changes.password, current.username);
    const rolesChange = changes.roles !== undefined && !sameRoles(current.roles, changes.roles);
    const updated = await this.applyChanges(id, {
      email: changes.email,
      name: changes.name,
      roles: changes.roles,
      rolesChangedAt: rolesChange ? new Date() : undefined,
      disabled: changes.disabled,
      passwordHash,
    });
    if (passwordHash !== undefined || (changes.disabled === true && !current.disabled)) {
      await this.sessions.revokeAllForUser(id);
    }
    this.events.userUpdated(id, Object.keys(changes));
    if (rolesChange) this.events.rolesChanged(id, updated.roles);
    return updated;
  }

  /** The caller's own new password (already checked against the current one). */
  async setPassword(id: string, password: string, keepSessionId: string): Promise<void> {
    const user = await this.getById(id);
    const passwordHash = await this.newPasswordHash(password, user.username);
    await this.applyChanges(id, { passwordHash });
    await this.sessions.revokeAllForUser(id, { except: keepSessionId });
  }

  /** The user's sessions go with them; their access tokens fail the user lookup from now on. */
  async delete(id: string): Promise<void> {
    this.throwUnlessDone(await this.users.delete(id));
    await this.announceChange(id);
    this.events.userDeleted(id);
  }

  private newPasswordHash(password: string, username: string): Promise<string> {
    assertAcceptablePassword(password, username);
    return this.passwords.hash(password);
  }

  private async applyChanges(id: string, changes: UserChanges): Promise<UserDto> {
    const defined = Object.fromEntries(
      Object.entries(changes).filter(([, value]) => value !== undefined),
    ) as UserChanges;
    this.throwUnlessDone(await this.users.update(id, defined));
    await this.announceChange(id);
    return this.getById(id);
  }

  /** Every process's cached copy goes: this one's at once, the others' as they hear of it. */
  private announceChange(userId: string): Promise<void> {
    return this.changes.announce({ kind: 'user-changed', userId });
  }

  private throwUnlessDone(result: UserWriteOutcome): void {
    if (result === 'not_found') throw new AppError('not_found');
    if (result === 'last_admin') throw new AppError('last_admin');
  }
}
