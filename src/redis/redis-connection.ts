import { Logger, type OnApplicationShutdown } from '@nestjs/common';
import { Redis, type RedisOptions } from 'ioredis';
import type { RedisConfig } from '../config/redis.config.js';
import { ConfigurationError } from '../config/validate-env.js';

/** Longest wait between two attempts to reconnect to a Redis server that went away. */
const MAX_RECONNECT_DELAY_MS = 2_000;

const OPTIONS: RedisOptions = {
  lazyConnect: true,
  // A command while Redis is away fails at once (the throttle falls back to local counters, a
  // broadcast to the change feed) instead of holding a request until Redis returns.
  enableOfflineQueue: false,
  maxRetriesPerRequest: 1,
  connectTimeout: 2_000,
  // A server that stops answering without closing the connection counts as away too.
  commandTimeout: 1_000,
  retryStrategy: (attempt) => Math.min(attempt * 100, MAX_RECONNECT_DELAY_MS),
  // ioredis subscribes again after a reconnect without handling the command's failure: a close
  // in the middle of it would reject unhandled and end the process. RedisChangeBroadcast
  // subscribes again itself.
  autoResubscribe: false,
};

/**
 * The process's connections to Redis when `REDIS_URL` is set: one for commands and one that
 * only listens (a Redis connection that subscribes can do nothing else). Both reconnect by
 * themselves after Redis went away.
 */
export class RedisConnection implements OnApplicationShutdown {
  private readonly logger = new Logger(RedisConnection.name);
  private closing = false;

  private constructor(
    readonly keyPrefix: string,
    private readonly connected?: { command: Redis; subscriber: Redis },
  ) {
    if (connected) {
      for (const client of [connected.command, connected.subscriber]) this.watch(client);
    }
  }

  /**
   * Connects both clients, or fails naming `REDIS_URL` (never its value, which may hold a
   * password). Without `REDIS_URL` the connection is absent and nothing needs Redis.
   */
  static async open(config: RedisConfig): Promise<RedisConnection> {
    if (!config.url) return new RedisConnection(config.keyPrefix);
    const command = new Redis(config.url, OPTIONS);
    const subscriber = new Redis(config.url, OPTIONS);
    const connection = new RedisConnection(config.keyPrefix, { command, subscriber });
    try {
      await Promise.all([command.connect(), subscriber.connect()]);
    } catch {
      command.disconnect();
      subscriber.disconnect();
      throw new ConfigurationError('REDIS_URL is set, but no Redis server answers at it');
    }
    return connection;
  }

  get enabled(): boolean {
    return this.connected !== undefined;
  }

  /** For commands; `undefined` without `REDIS_URL`. */
  get command(): Redis | undefined {
    return this.connected?.command;
  }

  /** For subscriptions only; `undefined` without `REDIS_URL`. */
  get subscriber(): Redis | undefined {
    return this.connected?.subscriber;
  }

  async onApplicationShutdown(): Promise<void> {
    if (!this.connected) return;
    this.closing = true;
    await Promise.all(
      [this.connected.command, this.connected.subscriber].map((client) =>
        client.quit().catch(() => client.disconnect()),
      ),
    );
  }

  /**
   * One line when a working connection is lost and one when it is back, not one per retry; the
   * errors themselves are that loss (without a listener ioredis would print each of them).
   */
  private watch(client: Redis): void {
    let wasReady = false;
    let lost = false;
    client.on('error', () => undefined);
    client.on('ready', () => {
      if (lost) this.logger.log('Reconnected to Redis');
      wasReady = true;
      lost = false;
    });
    client.on('close', () => {
      if (!wasReady || lost || this.closing) return;
      lost = true;
      this.logger.warn('Lost the connection to Redis; reconnecting');
    });
  }
}
