// Plain JavaScript, type-checked through JSDoc: worker threads load this file as it is, from
// the sources under the tests and from `dist/` (where the build emits it) in production.
import bcrypt from 'bcryptjs';
import { workerData } from 'node:worker_threads';

/** @import { BcryptWorkerData, CompareJob, HashJob } from './bcrypt-jobs.js' */

const { counters } = /** @type {BcryptWorkerData} */ (workerData);

/**
 * @param {BigInt64Array} counter
 * @param {number} cost
 */
function count(counter, cost) {
  Atomics.add(counter, 0, 1n);
  Atomics.add(counters.rounds, 0, 1n << BigInt(cost));
}

/** @param {HashJob} job */
export function hash({ secret, cost }) {
  count(counters.hashes, cost);
  return bcrypt.hashSync(secret, cost);
}

/**
 * A wrong secret checked against a hash made at a lower cost than `minimumCost` also hashes it at
 * each cost from the stored one up to `minimumCost - 1`: 2^stored + (2^stored + … +
 * 2^(minimumCost - 1)) = 2^minimumCost rounds, the work of a check at `minimumCost`.
 *
 * @param {CompareJob} job
 */
export function compare({ secret, hash: stored, minimumCost }) {
  const storedCost = bcrypt.getRounds(stored);
  count(counters.compares, storedCost);
  const matches = bcrypt.compareSync(secret, stored);
  if (!matches) for (let cost = storedCost; cost < minimumCost; cost++) hash({ secret, cost });
  return matches;
}
