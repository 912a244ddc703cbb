/** What the pool and its worker threads (`bcrypt.worker.cjs`) exchange. */

export interface HashJob {
  kind: 'hash';
  secret: string;
  cost: number;
}

export interface CompareJob {
  kind: 'compare';
  secret: string;
  hash: string;
  /** A wrong secret checked against a cheaper hash still spends the work of this cost. */
  minimumCost: number;
}

export type BcryptJob = HashJob | CompareJob;

/** Counters in memory shared by every thread, one `BigInt64Array` of length 1 each. */
export interface WorkCounters {
  /** bcrypt hashes made. */
  hashes: BigInt64Array;
  /** Hashes checked against a secret. */
  compares: BigInt64Array;
  /** Key-expansion rounds, 2^cost per bcrypt run: the work done, whatever the costs. */
  rounds: BigInt64Array;
}

export interface BcryptWorkerData {
  counters: WorkCounters;
}
