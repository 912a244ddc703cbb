import type { Change } from './change.js';

/**
 * A fast path for changes between processes, beside the change feed (which always carries them,
 * within seconds): with Redis, within milliseconds. Delivery is best effort.
 */
export abstract class ChangeBroadcast {
  abstract publish(change: Change): Promise<void>;

  /** Calls `receive` with every change any process publishes, this one's own included. */
  abstract listen(receive: (change: Change) => void): Promise<void>;
}

/** One process, or processes that share only a database: the change feed alone carries changes. */
export class NoChangeBroadcast extends ChangeBroadcast {
  publish(): Promise<void> {
    return Promise.resolve();
  }

  listen(): Promise<void> {
    return Promise.resolve();
  }
}
