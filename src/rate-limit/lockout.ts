import type { LockoutPolicy } from '../config/index.js';
import type { FailureRecord } from '../domain/records.js';

/** Failures are forgotten once the last one is `resetS` old (Keycloak's "failure reset time"). */
export function isForgotten(record: FailureRecord, now: number, policy: LockoutPolicy): boolean {
  return now - record.lastFailureAt >= policy.resetS * 1000;
}

/**
 * How long the failure that brought the count to `failures` locks the account:
 * nothing below the threshold, then one more increment per failure, capped
 * (Keycloak's defaults: 30 failures, 60 s increments, 15 min at most).
 */
export function lockSeconds(failures: number, policy: LockoutPolicy): number {
  if (policy.threshold === 0 || failures < policy.threshold) return 0;
  return Math.min(policy.waitIncrementS * (failures - policy.threshold + 1), policy.maxWaitS);
}

/** Until when (epoch ms) the account must wait, or `undefined` when it may try now. */
export function lockedUntil(record: FailureRecord | undefined, now: number, policy: LockoutPolicy): number | undefined {
  if (!record || isForgotten(record, now, policy)) return undefined;
  const until = record.lastFailureAt + lockSeconds(record.failures, policy) * 1000;
  return until > now ? until : undefined;
}
