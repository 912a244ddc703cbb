import { type ChildProcess, spawn } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('../..', import.meta.url));
export const SERVICE_MAIN = join(ROOT, 'dist', 'src', 'main.js');
export const CLI_MAIN = join(ROOT, 'dist', 'src', 'cli', 'main.js');

/** What `nest build` compiles; `src/metadata.ts` is written by the build itself. */
const SOURCES = ['src', 'migrations'];
const BUILD_OUTPUT = 'src/metadata.ts';

function newestSourceMs(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(join(ROOT, dir), { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, newestSourceMs(path));
    else if (path !== BUILD_OUTPUT) newest = Math.max(newest, statSync(join(ROOT, path)).mtimeMs);
  }
  return newest;
}

/**
 * Refuses to run `file` from a `dist/` that is missing or older than the sources, rather than test
 * code that is no longer there. `npm test` builds before it tests.
 */
export function assertBuilt(file: string): void {
  const builtMs = statSync(file, { throwIfNoEntry: false })?.mtimeMs ?? 0;
  const sourcesMs = Math.max(...SOURCES.map(newestSourceMs));
  if (builtMs < sourcesMs) {
    throw new Error(`${file} is missing or older than the sources: run \`npm run build\` first`);
  }
}

export interface Exit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

export interface NodeProcess {
  child: ChildProcess;
  stdout(): string;
  stderr(): string;
  /** Both streams, in the order they arrived. */
  output(): string;
  exited: Promise<Exit>;
}

/**
 * Runs a built entry point with exactly `env` (nothing inherited but what it lists), so that no
 * `.env` or variable of the test runner leaks in; `input`, when given, is written to stdin.
 */
export function startNode(
  file: string,
  args: string[],
  options: { cwd: string; env: Record<string, string | undefined>; input?: string },
): NodeProcess {
  const env = Object.fromEntries(
    Object.entries({ PATH: process.env.PATH, NO_COLOR: '1', ...options.env }).filter(
      (entry): entry is [string, string] => entry[1] !== undefined,
    ),
  );
  const child = spawn(process.execPath, [file, ...args], {
    cwd: options.cwd,
    env,
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    stdout += chunk.toString('utf8');
    output += chunk.toString('utf8');
  });
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr += chunk.toString('utf8');
    output += chunk.toString('utf8');
  });
  if (options.input === undefined) child.stdin?.end();
  else child.stdin?.end(options.input);
  const exited = new Promise<Exit>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );
  return { child, stdout: () => stdout, stderr: () => stderr, output: () => output, exited };
}

/** The process's exit, or a failure naming what it printed if it is still running after `ms`. */
export async function exitWithin(running: NodeProcess, ms: number): Promise<Exit> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () =>
        reject(
          new Error(`still running after ${ms} ms:\n${running.stdout()}\n${running.stderr()}`),
        ),
      ms,
    );
  });
  try {
    return await Promise.race([running.exited, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** Ends a process a test left running. */
export async function kill(running: NodeProcess): Promise<void> {
  if (running.child.exitCode !== null || running.child.signalCode !== null) return;
  running.child.kill('SIGKILL');
  await running.exited;
}

/** Resolves with the base URL from the service's 'Listening on' log line. */
export function listeningUrl(service: NodeProcess, ms = 30_000): Promise<string> {
  return new Promise((resolve, reject) => {
    const check = () => {
      const match = /Listening on (http:\/\/\S+)/.exec(service.stdout());
      if (!match) return;
      finish();
      resolve(match[1]);
    };
    const onExit = (code: number | null) => {
      finish();
      reject(new Error(`exited with ${code} before listening:\n${service.stderr()}`));
    };
    const timer = setTimeout(() => {
      finish();
      reject(new Error(`not listening after ${ms} ms:\n${service.stdout()}${service.stderr()}`));
    }, ms);
    const finish = () => {
      clearTimeout(timer);
      service.child.stdout?.off('data', check);
      service.child.off('exit', onExit);
    };
    service.child.stdout?.on('data', check);
    service.child.once('exit', onExit);
    check();
  });
}
