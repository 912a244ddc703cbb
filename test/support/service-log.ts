import type { NodeProcess } from './child-process.js';

export type LogLine = Record<string, unknown>;

/** Every JSON line the service has written to standard output so far. */
export function logLines(service: NodeProcess): LogLine[] {
  return service
    .stdout()
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .map((line) => JSON.parse(line) as LogLine);
}

/**
 * The lines matching `match`, once there are `count` of them: the service writes its log in
 * batches, at least once a second, so a line shows up shortly after its request has been answered.
 */
export async function waitForLines(
  service: NodeProcess,
  match: (line: LogLine) => boolean,
  count = 1,
  ms = 10_000,
): Promise<LogLine[]> {
  const deadline = Date.now() + ms;
  for (;;) {
    const found = logLines(service).filter(match);
    if (found.length >= count) return found;
    if (Date.now() > deadline) {
      throw new Error(`${found.length} of ${count} log lines after ${ms} ms:\n${service.stdout()}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** The request line of the request sent with this `X-Request-Id`. */
export async function requestLine(service: NodeProcess, requestId: string): Promise<LogLine> {
  const [line] = await waitForLines(
    service,
    (candidate) => candidate.requestId === requestId && candidate.msg === 'request completed',
  );
  return line;
}

/** The line of `event` written while handling the request sent with this `X-Request-Id`. */
export async function eventLine(
  service: NodeProcess,
  requestId: string,
  event: string,
): Promise<LogLine> {
  const [line] = await waitForLines(
    service,
    (candidate) => candidate.requestId === requestId && candidate.event === event,
  );
  return line;
}
