import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';

const bcryptjsPath = createRequire(import.meta.url).resolve('bcryptjs');

/**
 * One thread's loop: a hash made and checked once (so the code is compiled), then compares for
 * the time it is told, and the count back. bcryptjs's synchronous call, as the service's hashing
 * threads make it.
 */
const threadSource = `
const bcrypt = require(${JSON.stringify(bcryptjsPath)});
const { parentPort, workerData } = require('node:worker_threads');
const hash = bcrypt.hashSync('bench-password', workerData.cost);
bcrypt.compareSync('bench-password', hash);
parentPort.postMessage('ready');
parentPort.once('message', (durationMs) => {
  const end = Date.now() + durationMs;
  let compares = 0;
  while (Date.now() < end) {
    bcrypt.compareSync('bench-password', hash);
    compares += 1;
  }
  parentPort.postMessage(compares);
});
`;

/**
 * bcryptjs compares per second at `cost`, summed over `threads` threads that run at once with
 * nothing else: one thread is what the login target is a multiple of, one per core is what this
 * machine can give bcrypt at all.
 */
export async function bcryptRate(cost: number, threads: number, seconds: number): Promise<number> {
  const workers = Array.from(
    { length: threads },
    () => new Worker(threadSource, { eval: true, workerData: { cost } }),
  );
  try {
    await Promise.all(workers.map((worker) => nextMessage(worker)));
    const counts = workers.map((worker) => nextMessage(worker));
    for (const worker of workers) worker.postMessage(seconds * 1000);
    const compares = (await Promise.all(counts)) as number[];
    return compares.reduce((sum, count) => sum + count, 0) / seconds;
  } finally {
    await Promise.all(workers.map((worker) => worker.terminate()));
  }
}

function nextMessage(worker: Worker): Promise<unknown> {
  return new Promise((resolve, reject) => {
    worker.once('message', resolve);
    worker.once('error', reject);
  });
}
