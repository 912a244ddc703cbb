import { createServer } from 'node:net';

/**
 * Below Linux's default range of ephemeral ports (32768–60999), from which every `listen(0)` and
 * every outgoing connection of the suite takes its port: a port chosen there may be taken by
 * another spec between this check and the child process's own bind.
 */
const FIRST = 20_000;
const LAST = 32_767;

/** A port nothing listens on, for a process that must be told its port before it starts. */
export async function freePort(): Promise<number> {
  for (;;) {
    const port = FIRST + Math.floor(Math.random() * (LAST - FIRST + 1));
    if (await isFree(port)) return port;
  }
}

function isFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const probe = createServer();
    probe.once('error', () => resolve(false));
    probe.listen(port, '127.0.0.1', () => probe.close(() => resolve(true)));
  });
}
