/**
 * Defects the fuzzer found and the suite tolerates, so that it stays green.
 * Each entry excuses exactly one kind of answer to one kind of input, and says
 * where the defect is and how to fix it. Delete an entry once it is fixed: the
 * suite then guards the fix.
 */
import type { Answer } from './checks.js';
import type { SpecOperation } from './spec.js';

interface KnownBug {
  /** The problem message(s) of checks.ts it excuses. */
  readonly excuses: RegExp;
  readonly when: (op: SpecOperation, answer: Answer) => boolean;
}

export const knownBugs: readonly KnownBug[] = [];
