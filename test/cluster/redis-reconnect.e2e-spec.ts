import type { Change } from '../../src/database/change-feed/change.js';
import { RedisChangeBroadcast } from '../../src/redis/redis-change-broadcast.js';
import { RedisConnection } from '../../src/redis/redis-connection.js';
import { untilTrue } from '../support/eventually.js';
import { type RedisServer, startRedisServer, uniqueRedisPrefix } from '../support/redis-server.js';
import { type RedisProxy, startRedisProxy } from '../support/redis-proxy.js';

const LIMIT_MS = 15_000;

describe('the Redis change listener when its connection is lost', () => {
  const keyPrefix = uniqueRedisPrefix();
  let redis: RedisServer;
  let proxy: RedisProxy;
  const opened: RedisConnection[] = [];

  const open = async (url: string) => {
    const connection = await RedisConnection.open({ url, keyPrefix });
    opened.push(connection);
    return connection;
  };

  beforeAll(async () => {
    redis = await startRedisServer();
    proxy = await startRedisProxy(redis.url);
  });

  afterEach(async () => {
    await Promise.all(opened.splice(0).map((connection) => connection.onApplicationShutdown()));
  });

  afterAll(async () => {
    await proxy?.close();
    await redis?.stop();
  });

  it('hears changes again once it has reconnected', async () => {
    const heard: Change[] = [];
    await new RedisChangeBroadcast(await open(proxy.url)).listen((change) => heard.push(change));
    const broadcast = new RedisChangeBroadcast(await open(redis.url));

    proxy.cut();

    const change: Change = { kind: 'user-changed', userId: 'after-the-reconnect' };
    await untilTrue(
      async () => {
        await broadcast.publish(change);
        return heard.length > 0;
      },
      LIMIT_MS,
      'a change published after the connection was lost',
    );
    expect(heard[0]).toEqual(change);
  });

  it('leaves no rejection unhandled when the application closes while it subscribes again', async () => {
    const unhandled: unknown[] = [];
    const record = (reason: unknown) => unhandled.push(reason);
    process.on('unhandledRejection', record);
    try {
      const connection = await open(proxy.url);
      await new RedisChangeBroadcast(connection).listen(() => undefined);

      // Both clients reconnect and check with INFO that the server is ready; their answers wait
      // until the application has begun to close, so subscribing again meets the close.
      const readyChecksHeld = proxy.holdRepliesAfter('info', 2);
      proxy.cut();
      await readyChecksHeld;
      const closed = connection.onApplicationShutdown();
      proxy.release();
      await closed;
      const clients = [connection.command, connection.subscriber];
      await untilTrue(
        async () => clients.every((client) => client?.status === 'end'),
        LIMIT_MS,
        'both clients closed',
      );
      // Node reports a rejection as unhandled once the task that rejected it has ended.
      await new Promise((resolve) => setTimeout(resolve, 10));

      expect(unhandled).toEqual([]);
    } finally {
      process.off('unhandledRejection', record);
    }
  });
});
