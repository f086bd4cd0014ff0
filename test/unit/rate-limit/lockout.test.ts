import type { LockoutPolicy } from '../../../src/config/index.js';
import { lockedUntil, lockSeconds } from '../../../src/rate-limit/lockout.js';

/** Keycloak's brute-force defaults, which are ours too. */
const keycloak: LockoutPolicy = { threshold: 30, waitIncrementS: 60, maxWaitS: 900, resetS: 43_200 };
const t0 = Date.UTC(2030, 0, 1);

describe('lockSeconds: how long the failure that reached a count locks the account', () => {
  it.each([
    [29, 0],
    [30, 60],
    [31, 120],
    [44, 900],
    [45, 900],
    [1000, 900],
  ])('%i failures -> %i s', (failures, seconds) => {
    expect(lockSeconds(failures, keycloak)).toBe(seconds);
  });

  it('never locks with threshold 0 (lockout off)', () => {
    expect(lockSeconds(1000, { ...keycloak, threshold: 0 })).toBe(0);
  });
});

describe('lockedUntil', () => {
  it('is the last failure plus the lock, until that moment has passed', () => {
    const record = { failures: 31, lastFailureAt: t0 };
    expect(lockedUntil(record, t0, keycloak)).toBe(t0 + 120_000);
    expect(lockedUntil(record, t0 + 119_999, keycloak)).toBe(t0 + 120_000);
    expect(lockedUntil(record, t0 + 120_000, keycloak)).toBeUndefined();
  });

  it('is never locked below the threshold, without failures, or once the failures are forgotten', () => {
    expect(lockedUntil({ failures: 29, lastFailureAt: t0 }, t0, keycloak)).toBeUndefined();
    expect(lockedUntil(undefined, t0, keycloak)).toBeUndefined();
    const short = { ...keycloak, resetS: 60 };
    expect(lockedUntil({ failures: 40, lastFailureAt: t0 }, t0 + 59_999, short)).toBe(t0 + 660_000);
    expect(lockedUntil({ failures: 40, lastFailureAt: t0 }, t0 + 60_000, short)).toBeUndefined();
  });
});
