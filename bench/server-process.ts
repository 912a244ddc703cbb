import { fork, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { join } from 'node:path';

/**
 * The servers under test run in processes of their own and answer two IPC messages (never an HTTP
 * route): at start `{ port }`, and to `'usage'` their CPU time and resident memory.
 */
export interface ServerProcess {
  child: ChildProcess;
  port: number;
  /** From spawning the process to its first listening message (migrations, restore included). */
  startMs: number;
}

export interface ServerUsage {
  /** User + system CPU time of the whole process, in microseconds. */
  cpuUs: number;
  rssBytes: number;
}

const here = new URL('.', import.meta.url).pathname;

export function startServer(
  script: string,
  env: NodeJS.ProcessEnv,
  cwd: string,
): Promise<ServerProcess> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const child = fork(join(here, script), {
      env,
      cwd,
      // The request log (standard output) is written, as in production, to /dev/null; errors show.
      stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
    });
    const onExit = (code: number | null) => reject(new Error(`${script} exited with ${code}`));
    child.once('exit', onExit);
    child.once('message', (message) => {
      child.off('exit', onExit);
      resolve({
        child,
        port: (message as { port: number }).port,
        startMs: performance.now() - started,
      });
    });
  });
}

export async function serverUsage({ child }: ServerProcess): Promise<ServerUsage> {
  const answer = once(child, 'message');
  child.send('usage');
  const [message] = (await answer) as [ServerUsage];
  return message;
}

export async function stopServer({ child }: ServerProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = once(child, 'exit');
  child.kill('SIGTERM');
  await exited;
}
