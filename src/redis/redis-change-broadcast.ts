import { Logger } from '@nestjs/common';
import { type Change, parseChange, serializeChange } from '../database/change-feed/change.js';
import { ChangeBroadcast } from '../database/change-feed/change-broadcast.js';
import type { RedisConnection } from './redis-connection.js';

/** Changes over a Redis channel: every instance hears them within milliseconds. */
export class RedisChangeBroadcast extends ChangeBroadcast {
  private readonly logger = new Logger(RedisChangeBroadcast.name);
  private readonly channel: string;

  constructor(private readonly redis: RedisConnection) {
    super();
    this.channel = `${redis.keyPrefix}changes`;
  }

  /** While Redis is away this fails at once and is let go: the change feed still carries it. */
  async publish(change: Change): Promise<void> {
    try {
      await this.redis.command?.publish(this.channel, serializeChange(change));
    } catch {
      this.logger.warn('Could not publish a change to Redis; the change feed carries it');
    }
  }

  async listen(receive: (change: Change) => void): Promise<void> {
    const subscriber = this.redis.subscriber;
    if (!subscriber) return;
    subscriber.on('message', (channel: string, message: string) => {
      if (channel !== this.channel) return;
      const change = parseChange(message);
      if (change) receive(change);
    });
    // After a reconnect. If the connection is lost again meanwhile, the next reconnect tries
    // again; if it was closed, there is nothing left to hear.
    subscriber.on('ready', () => void subscriber.subscribe(this.channel).catch(() => undefined));
    await subscriber.subscribe(this.channel);
  }
}
