import { Clock } from '../../src/common/clock/clock.js';

/**
 * The service's clock, moved by tests instead of waiting: it runs with real time, plus however far
 * it was advanced. Only the service's own rules read it; the database driver and the libraries
 * keep the real time.
 */
export class TestClock extends Clock {
  private offsetMs = 0;

  now(): Date {
    return new Date(Date.now() + this.offsetMs);
  }

  advance(seconds: number): void {
    this.offsetMs += seconds * 1000;
  }
}
