import { Injectable, Logger } from '@nestjs/common';
import { Interval } from '@nestjs/schedule';
import { parseChange } from './change.js';
import { ChangeBus } from './change-bus.js';
import { ChangeFeedRepository } from './change-feed.repository.js';

/** Within the contract's 5 s for processes that share only the database. */
export const CHANGE_FEED_POLL_MS = 2_000;

/**
 * Each poll reads every row of this window, not only rows after the last one seen: a
 * transaction that took its id earlier may commit later. It also covers clocks of other hosts
 * that run this far behind.
 */
const OVERLAP_MS = 30_000;

/** Rows older than this are of no use to any process; they are deleted. */
const RETENTION_MS = 10 * 60_000;

/**
 * Reads the change feed every two seconds and applies what other processes wrote (this
 * process's own rows too: applying them again changes nothing). Runs in the service only: the
 * operator CLI writes to the feed but has nothing to keep in step.
 */
@Injectable()
export class ChangeFeedPoller {
  private readonly logger = new Logger(ChangeFeedPoller.name);
  /** Ids already applied, with when they were written, forgotten once out of the window. */
  private readonly applied = new Map<number, number>();
  private polling = false;

  constructor(
    private readonly feed: ChangeFeedRepository,
    private readonly bus: ChangeBus,
  ) {}

  @Interval(CHANGE_FEED_POLL_MS)
  async poll(): Promise<void> {
    if (this.polling) return;
    this.polling = true;
    try {
      const windowStart = Date.now() - OVERLAP_MS;
      for (const record of await this.feed.listSince(new Date(windowStart))) {
        if (this.applied.has(record.id)) continue;
        this.applied.set(record.id, record.createdAt.getTime());
        const change = parseChange(record.change);
        if (change) this.bus.apply(change);
      }
      for (const [id, writtenAt] of this.applied) {
        if (writtenAt <= windowStart) this.applied.delete(id);
      }
    } catch (error) {
      this.logger.warn(`Could not read the change feed: ${(error as Error).message}`);
    } finally {
      this.polling = false;
    }
  }

  @Interval(RETENTION_MS)
  async purge(): Promise<void> {
    try {
      await this.feed.purgeBefore(new Date(Date.now() - RETENTION_MS));
    } catch (error) {
      this.logger.warn(`Could not purge the change feed: ${(error as Error).message}`);
    }
  }
}
