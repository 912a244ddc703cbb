import { Injectable } from '@nestjs/common';
import type { UserDto } from './dto/user.dto.js';

const MAX_ENTRIES = 50_000;

/** A user as authenticated requests need it: the profile, and when its roles last changed. */
export interface CachedUser {
  profile: UserDto;
  rolesChangedAt: Date | null;
}

/**
 * The users that authenticated requests need (for the token check and `/me`), so that the hot
 * path does not reach the database. Every change to a user evicts its entry.
 */
@Injectable()
export class UserProfileCache {
  private readonly entries = new Map<string, CachedUser>();

  get(id: string): CachedUser | undefined {
    return this.entries.get(id);
  }

  set(user: CachedUser): void {
    if (this.entries.size >= MAX_ENTRIES) {
      const oldest = this.entries.keys().next();
      if (!oldest.done) this.entries.delete(oldest.value);
    }
    this.entries.set(user.profile.id, user);
  }

  evict(id: string): void {
    this.entries.delete(id);
  }
}
