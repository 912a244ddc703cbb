import { Piscina } from 'piscina';
import { AppError } from '../../common/errors/app-error.js';
import type { BcryptJob, BcryptWorkerData, WorkCounters } from './bcrypt-jobs.js';

// A sibling of this module both in the sources and in `dist/`: see the note atop the worker.
const WORKER_FILE = new URL('./bcrypt.worker.cjs', import.meta.url).href;

/** How long a client refused for a full queue is asked to wait before trying again. */
const RETRY_AFTER_SECONDS = 1;

export interface BcryptPoolOptions {
  threads: number;
  /** Jobs that may wait for a thread; beyond that a job is refused at once. */
  queueLimit: number;
}

/** bcrypt work done by the pool's threads since it started. */
export interface BcryptWork {
  hashes: number;
  compares: number;
  rounds: number;
}

/**
 * bcrypt on worker threads, so that hashing never holds up the thread serving requests, with a
 * bounded queue: when `queueLimit` jobs already wait, a new one fails with 503
 * `service_unavailable` instead of waiting behind them.
 */
export class BcryptPool {
  private readonly pool: Piscina;
  private readonly counters: WorkCounters;
  private closed = false;

  constructor(private readonly options: BcryptPoolOptions) {
    this.counters = { hashes: sharedCounter(), compares: sharedCounter(), rounds: sharedCounter() };
    const workerData: BcryptWorkerData = { counters: this.counters };
    this.pool = new Piscina({
      filename: WORKER_FILE,
      minThreads: options.threads,
      maxThreads: options.threads,
      workerData,
    });
  }

  hash(secret: string, cost: number): Promise<string> {
    return this.run<string>({ kind: 'hash', secret, cost });
  }

  compare(secret: string, hash: string, minimumCost: number): Promise<boolean> {
    return this.run<boolean>({ kind: 'compare', secret, hash, minimumCost });
  }

  work(): BcryptWork {
    return {
      hashes: Number(Atomics.load(this.counters.hashes, 0)),
      compares: Number(Atomics.load(this.counters.compares, 0)),
      rounds: Number(Atomics.load(this.counters.rounds, 0)),
    };
  }

  /** Lets running and waiting jobs finish, then stops the threads; later jobs are refused. */
  close(): Promise<void> {
    this.closed = true;
    return this.pool.close();
  }

  private run<Result>(job: BcryptJob): Promise<Result> {
    // A closed Piscina would start new threads for a job; a closed BcryptPool stays closed.
    if (this.closed) return Promise.reject(unavailable('The server is shutting down'));
    // The check and the enqueueing in `run` happen in one synchronous step: no burst overshoots.
    if (this.pool.queueSize >= this.options.queueLimit) {
      return Promise.reject(unavailable('Too many passwords are being checked; try again shortly'));
    }
    return this.pool.run(job) as Promise<Result>;
  }
}

function unavailable(detail: string): AppError {
  return new AppError('service_unavailable', { detail, retryAfter: RETRY_AFTER_SECONDS });
}

function sharedCounter(): BigInt64Array {
  return new BigInt64Array(new SharedArrayBuffer(BigInt64Array.BYTES_PER_ELEMENT));
}
