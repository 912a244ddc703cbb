// Plain JavaScript, type-checked through JSDoc: worker threads load this file as it is, from the
// sources under the tests and from `dist/` (where the build emits it) in production. CommonJS,
// because piscina loads a worker with require() first, and on Node 20 a require() of an ES module
// in a pool thread has aborted the whole process (a V8 fatal error while instantiating it).
'use strict';

const bcrypt = require('bcryptjs');
const { workerData } = require('node:worker_threads');

/** @typedef {import('./bcrypt-jobs.js').BcryptJob} BcryptJob */
/** @typedef {import('./bcrypt-jobs.js').BcryptWorkerData} BcryptWorkerData */

const { counters } = /** @type {BcryptWorkerData} */ (workerData);

/**
 * @param {BigInt64Array} counter
 * @param {number} cost
 */
function count(counter, cost) {
  Atomics.add(counter, 0, 1n);
  Atomics.add(counters.rounds, 0, 1n << BigInt(cost));
}

/**
 * @param {string} secret
 * @param {number} cost
 */
function hash(secret, cost) {
  count(counters.hashes, cost);
  return bcrypt.hashSync(secret, cost);
}

/**
 * A wrong secret checked against a hash made at a lower cost than `minimumCost` is also hashed at
 * each cost from the stored one up to `minimumCost - 1`: 2^stored + (2^stored + … +
 * 2^(minimumCost - 1)) = 2^minimumCost rounds, the work of a check at `minimumCost`.
 *
 * @param {string} secret
 * @param {string} stored
 * @param {number} minimumCost
 */
function compare(secret, stored, minimumCost) {
  const storedCost = bcrypt.getRounds(stored);
  count(counters.compares, storedCost);
  const matches = bcrypt.compareSync(secret, stored);
  if (!matches) for (let cost = storedCost; cost < minimumCost; cost++) hash(secret, cost);
  return matches;
}

/**
 * The one entry point piscina calls for every job.
 *
 * @param {BcryptJob} job
 * @returns {string | boolean}
 */
module.exports = function runBcryptJob(job) {
  return job.kind === 'hash'
    ? hash(job.secret, job.cost)
    : compare(job.secret, job.hash, job.minimumCost);
};
