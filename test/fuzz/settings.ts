/**
 * How much to fuzz. `npm test` (CI): a fixed seed and a few runs per operation,
 * so the suite is repeatable and quick. `npm run fuzz`: LATCHKEY_FUZZ_RUNS runs
 * per operation and a random seed, printed so that a failure can be replayed
 * with LATCHKEY_FUZZ_SEED (fast-check also prints the seed and path of a failure).
 */
import { randomInt } from 'node:crypto';

const runs = process.env.LATCHKEY_FUZZ_RUNS;
const seed = process.env.LATCHKEY_FUZZ_SEED;

/** True under `npm run fuzz` (or whenever LATCHKEY_FUZZ_RUNS is set). */
export const longRun = runs !== undefined && runs !== '';

export const fuzzSettings = {
  seed: seed ? Number(seed) : longRun ? randomInt(2 ** 31) : 20261127,
  numRuns: longRun ? Number(runs) : 100,
};

/** Jest's timeout for one operation's property: generous, a slow run must fail on its own problems, not on time. */
export const propertyTimeoutMs = 30_000 + fuzzSettings.numRuns * 300;
