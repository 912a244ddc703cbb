import type { ServerUsage } from './server-process.js';

/** Answers the benchmark's `'usage'` IPC message with this process's CPU time and memory. */
export function reportUsageOnRequest(): void {
  process.on('message', (message) => {
    if (message !== 'usage') return;
    const { user, system } = process.cpuUsage();
    const usage: ServerUsage = { cpuUs: user + system, rssBytes: process.memoryUsage().rss };
    process.send?.(usage);
  });
}
