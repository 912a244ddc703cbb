import { Injectable } from '@nestjs/common';
import { ChangeBus } from '../database/change-feed/change-bus.js';
import type { UserDto } from './dto/user.dto.js';

const MAX_ENTRIES = 50_000;

/** A user as authenticated requests need it: the profile, and when its roles last changed. */
export interface CachedUser {
  profile: UserDto;
  rolesChangedAt: Date | null;
}

/**
 * The users that authenticated requests need (for the token check and `/me`), so that the hot
 * path does not reach the database. Every change to a user, made by any process, evicts its
 * entry (the change bus brings them).
 */
@Injectable()
export class UserProfileCache {
  private readonly entries = new Map<string, CachedUser>();
  /** Counts evictions, so that a copy read before one is not stored after it. */
  private evictions = 0;

  constructor(changes: ChangeBus) {
    changes.on('user-changed', ({ userId }) => this.evict(userId));
  }

  get(id: string): CachedUser | undefined {
    return this.entries.get(id);
  }

  /** To pass to `set` with a copy read from the database after this call. */
  version(): number {
    return this.evictions;
  }

  /** Stores `user` unless an eviction came since `version` was taken: the copy may be stale. */
  set(user: CachedUser, version: number): void {
    if (version !== this.evictions) return;
    if (this.entries.size >= MAX_ENTRIES) {
      const oldest = this.entries.keys().next();
      if (!oldest.done) this.entries.delete(oldest.value);
    }
    this.entries.set(user.profile.id, user);
  }

  evict(id: string): void {
    this.evictions += 1;
    this.entries.delete(id);
  }
}
