/**
 * The set of revoked sessions that still have access tokens in circulation, checked on every
 * authenticated request. `isRevoked` must answer from memory (no I/O on the hot path). The change
 * bus brings it every revocation: this process's own at once, other processes' through the
 * change feed and, with Redis, the broadcast.
 */
export abstract class RevocationStore {
  abstract isRevoked(sessionId: string): boolean;

  /** `untilMs`: past it no access token of these sessions is valid anyway, so it can be dropped. */
  abstract revoke(sessionIds: readonly string[], untilMs: number): Promise<void>;

  /** Entries loaded from the database at start-up, so a restart forgets nothing. */
  abstract restore(entries: ReadonlyArray<{ sessionId: string; untilMs: number }>): Promise<void>;

  /** Forgets entries whose `untilMs` has passed. */
  abstract prune(): Promise<void>;
}
