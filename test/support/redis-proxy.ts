import { connect, createServer, type Socket } from 'node:net';

/** One client's connection through the proxy, and the server replies it holds back. */
interface Link {
  client: Socket;
  server: Socket;
  held?: Buffer[];
  serverEnded: boolean;
}

/**
 * A TCP proxy in front of a Redis server of the test's own, which the test can cut or make wait
 * at a chosen moment of a client's conversation with that server.
 */
export interface RedisProxy {
  url: string;
  /** Ends every connection through it at once, as a lost network would; new ones pass. */
  cut(): void;
  /**
   * Holds back the server's replies on each connection from the moment its client sends the
   * command `name`; resolves once `connections` connections are held that way.
   */
  holdRepliesAfter(name: string, connections: number): Promise<void>;
  /** Delivers every held reply, and any close from the server behind them. */
  release(): void;
  close(): Promise<void>;
}

export async function startRedisProxy(targetUrl: string): Promise<RedisProxy> {
  const target = new URL(targetUrl);
  const links = new Set<Link>();
  let trigger: { command: RegExp; connections: number; reached: () => void } | undefined;

  const holdIfTriggered = (link: Link, sent: Buffer) => {
    if (!trigger || link.held || !trigger.command.test(sent.toString('latin1'))) return;
    link.held = [];
    const heldNow = [...links].filter((each) => each.held).length;
    if (heldNow >= trigger.connections) trigger.reached();
  };

  const proxy = createServer((client) => {
    const link: Link = {
      client,
      server: connect(Number(target.port), target.hostname),
      serverEnded: false,
    };
    links.add(link);
    client.on('data', (chunk: Buffer) => {
      link.server.write(chunk);
      holdIfTriggered(link, chunk);
    });
    link.server.on('data', (chunk: Buffer) => {
      if (link.held) link.held.push(chunk);
      else client.write(chunk);
    });
    link.server.on('close', () => {
      link.serverEnded = true;
      if (!link.held) client.end();
    });
    client.on('end', () => link.server.end());
    client.on('close', () => {
      link.server.destroy();
      links.delete(link);
    });
    for (const socket of [client, link.server]) socket.on('error', () => undefined);
  });
  await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
  const { port } = proxy.address() as { port: number };

  const cut = () => {
    for (const link of links) link.client.destroy();
  };

  return {
    url: `redis://127.0.0.1:${port}`,
    cut,
    holdRepliesAfter(name, connections) {
      // The command's name as the first bulk string of a RESP array: `*1\r\n$4\r\ninfo\r\n`.
      const command = new RegExp(`(^|\\n)\\*\\d+\\r\\n\\$${name.length}\\r\\n${name}\\r\\n`, 'i');
      return new Promise((reached) => {
        trigger = { command, connections, reached };
      });
    },
    release() {
      trigger = undefined;
      for (const link of links) {
        const held = link.held;
        if (!held) continue;
        link.held = undefined;
        for (const chunk of held) link.client.write(chunk);
        if (link.serverEnded) link.client.end();
      }
    },
    async close() {
      cut();
      await new Promise((resolve) => proxy.close(resolve));
    },
  };
}
