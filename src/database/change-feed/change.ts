/**
 * A change that every process serving the deployment must apply to what it keeps in memory:
 * sessions revoked (at `atMs`, so each process works out how long to remember them), or a user
 * whose cached copy is stale (roles, disabled, deleted, password, profile).
 */
export type Change =
  | { kind: 'sessions-revoked'; sessionIds: string[]; atMs: number }
  | { kind: 'user-changed'; userId: string };

export type ChangeKind = Change['kind'];

/** The change as JSON, as the change feed and the Redis channel carry it. */
export function serializeChange(change: Change): string {
  return JSON.stringify(change);
}

/** A change read back; `undefined` for anything that is not one (never trusted blindly). */
export function parseChange(text: string): Change | undefined {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (typeof value !== 'object' || value === null) return undefined;
  const candidate = value as Record<string, unknown>;
  if (
    candidate.kind === 'sessions-revoked' &&
    Array.isArray(candidate.sessionIds) &&
    candidate.sessionIds.every((id) => typeof id === 'string') &&
    typeof candidate.atMs === 'number'
  ) {
    return {
      kind: 'sessions-revoked',
      sessionIds: candidate.sessionIds as string[],
      atMs: candidate.atMs,
    };
  }
  if (candidate.kind === 'user-changed' && typeof candidate.userId === 'string') {
    return { kind: 'user-changed', userId: candidate.userId };
  }
  return undefined;
}
