/**
 * Forcing the race that single use must survive: every request passes the single-use pre-check before
 * any of them reaches the atomic step (`consume()` / `markRotated`), through the `beforeAtomicStep`
 * hook of composeLatchkey (src/services/atomic-step-hook.ts).
 */
import type { AtomicStep, BeforeAtomicStep } from '../../src/services/atomic-step-hook.js';
import type { Stores } from '../../src/store/index.js';

/** One hook per test server, pointed at different work per test. */
export interface AtomicStepHooks {
  /** Pass this to startTestServer({ beforeAtomicStep }). */
  readonly hook: BeforeAtomicStep;
  /** Runs `work` for every request that reaches `step`, until {@link reset}. */
  on(step: AtomicStep, work: (stores: Stores) => Promise<void>): void;
  reset(): void;
}

export function atomicStepHooks(): AtomicStepHooks {
  let current: { step: AtomicStep; work: (stores: Stores) => Promise<void> } | undefined;
  return {
    hook: async (step, stores) => {
      if (current?.step === step) await current.work(stores);
    },
    on: (step, work) => void (current = { step, work }),
    reset: () => void (current = undefined),
  };
}

/** Holds callers until `parties` of them wait, then lets them all go. */
export interface Barrier {
  wait(): Promise<void>;
  /** How many callers were waiting when the barrier opened: `parties` unless it timed out. */
  readonly arrivedBeforeRelease: number;
}

/** A barrier that opens for `parties` callers, or after `timeoutMs` (so a test fails on its count instead of hanging). */
export function barrier(parties: number, timeoutMs = 10_000): Barrier {
  let arrived = 0;
  let arrivedBeforeRelease = 0;
  let open: () => void = () => undefined;
  const opened = new Promise<void>((resolve) => (open = resolve));
  let timer: NodeJS.Timeout | undefined;
  const release = (): void => {
    if (timer) clearTimeout(timer);
    if (arrivedBeforeRelease === 0) arrivedBeforeRelease = arrived;
    open();
  };
  return {
    async wait() {
      arrived += 1;
      if (arrived === 1) timer = setTimeout(release, timeoutMs);
      if (arrived >= parties) release();
      await opened;
    },
    get arrivedBeforeRelease() {
      return arrivedBeforeRelease;
    },
  };
}
