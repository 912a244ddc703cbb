import { Injectable } from '@nestjs/common';
import type { UserDto } from './dto/user.dto.js';

const MAX_ENTRIES = 50_000;

/**
 * The users that authenticated requests need (for the token check and `/me`), so that the hot
 * path does not reach the database. Every change to a user evicts its entry.
 */
@Injectable()
export class UserProfileCache {
  private readonly entries = new Map<string, UserDto>();

  get(id: string): UserDto | undefined {
    return this.entries.get(id);
  }

  set(user: UserDto): void {
    if (this.entries.size >= MAX_ENTRIES) {
      const oldest = this.entries.keys().next();
      if (!oldest.done) this.entries.delete(oldest.value);
    }
    this.entries.set(user.id, user);
  }

  evict(id: string): void {
    this.entries.delete(id);
  }
}
