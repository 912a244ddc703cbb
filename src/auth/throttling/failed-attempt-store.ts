/**
 * Counts failures per key over a sliding window. The throttler's own `ThrottlerStorage` can only
 * count a hit, never read without counting one, and a login limit must count failed logins
 * only: check before the password is tried, count once it turned out wrong.
 */
export abstract class FailedAttemptStore {
  /** Failures within the window, and the seconds until the oldest of them falls out of it. */
  abstract count(
    key: string,
    windowSeconds: number,
  ): Promise<{ failures: number; retryAfterSeconds: number }>;

  abstract record(key: string, windowSeconds: number): Promise<void>;
}
