import { randomUUID } from 'node:crypto';
import type { Latchkey } from '../latchkey.js';
import { cleanupPolicyOf } from '../services/cleanup.js';
import { cleanUpExpired, takeCleanupLease } from '../store/cleanup.js';

/** Runs the clean-up every `cleanupIntervalS` in the background, one process at a time (a lease in the database). */
export function startCleanupTimer(lk: Latchkey): () => void {
  const interval = lk.config.cleanupIntervalS;
  if (interval === 0) return () => undefined;
  const holder = randomUUID();
  const run = async (): Promise<void> => {
    if (!(await takeCleanupLease(lk.db, holder, lk.now(), interval * 1000))) return;
    const report = await cleanUpExpired(lk.db, cleanupPolicyOf(lk.config), lk.now());
    lk.logger.info({ cleanup: report }, 'clean-up done');
  };
  const timer = setInterval(() => void run().catch((error: unknown) => lk.logger.warn({ err: error }, 'clean-up failed')), interval * 1000);
  timer.unref();
  return () => clearInterval(timer);
}
