import { Injectable } from '@nestjs/common';
import { RevocationStore } from './revocation-store.js';

/** A single instance's revocations, kept in a Map. */
@Injectable()
export class MemoryRevocationStore extends RevocationStore {
  private readonly revoked = new Map<string, number>();

  isRevoked(sessionId: string): boolean {
    const untilMs = this.revoked.get(sessionId);
    if (untilMs === undefined) return false;
    if (untilMs > Date.now()) return true;
    this.revoked.delete(sessionId);
    return false;
  }

  revoke(sessionIds: readonly string[], untilMs: number): Promise<void> {
    for (const sessionId of sessionIds) this.revoked.set(sessionId, untilMs);
    return Promise.resolve();
  }

  restore(entries: ReadonlyArray<{ sessionId: string; untilMs: number }>): Promise<void> {
    for (const { sessionId, untilMs } of entries) this.revoked.set(sessionId, untilMs);
    return this.prune();
  }

  prune(): Promise<void> {
    const now = Date.now();
    for (const [sessionId, untilMs] of this.revoked) {
      if (untilMs <= now) this.revoked.delete(sessionId);
    }
    return Promise.resolve();
  }
}
