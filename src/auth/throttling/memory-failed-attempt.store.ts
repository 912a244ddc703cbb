import { Injectable } from '@nestjs/common';
import { FailedAttemptStore } from './failed-attempt-store.js';

const SWEEP_EVERY = 1000;

/** One instance's failures, as timestamps per key. */
@Injectable()
export class MemoryFailedAttemptStore extends FailedAttemptStore {
  private readonly failures = new Map<string, number[]>();
  private writes = 0;

  count(
    key: string,
    windowSeconds: number,
  ): Promise<{ failures: number; retryAfterSeconds: number }> {
    const live = this.live(key, windowSeconds);
    const retryAfterMs = live.length > 0 ? live[0] + windowSeconds * 1000 - Date.now() : 0;
    return Promise.resolve({
      failures: live.length,
      retryAfterSeconds: Math.max(1, Math.ceil(retryAfterMs / 1000)),
    });
  }

  record(key: string, windowSeconds: number): Promise<void> {
    this.failures.set(key, [...this.live(key, windowSeconds), Date.now()]);
    if (++this.writes % SWEEP_EVERY === 0) this.sweep(windowSeconds);
    return Promise.resolve();
  }

  private live(key: string, windowSeconds: number): number[] {
    const since = Date.now() - windowSeconds * 1000;
    return (this.failures.get(key) ?? []).filter((at) => at > since);
  }

  private sweep(windowSeconds: number): void {
    for (const key of this.failures.keys()) {
      if (this.live(key, windowSeconds).length === 0) this.failures.delete(key);
    }
  }
}
