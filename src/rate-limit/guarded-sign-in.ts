import type { LockoutPolicy } from '../config/index.js';
import { normaliseUsername } from '../oauth/usernames.js';
import { adminMeta, type Auditor, type RequestMeta } from '../services/audit.js';
import { AdminNotFoundError } from '../services/admin-errors.js';
import type { Users } from '../services/users.js';
import type { UserRecord } from '../domain/records.js';
import type { Counter } from './counters.js';
import { retryAfterSeconds } from './counters.js';
import { hashedKey, ipKey } from './keys.js';
import { lockedUntil, lockSeconds } from './lockout.js';
import type { LoginFailureStore } from '../store/login-failures.js';

/** The outcome of one password check at the login page or the password grant. */
export type SignInAttempt = { kind: 'ok'; user: UserRecord } | { kind: 'refused' } | { kind: 'limited'; retryAfterS: number };

/** Who is signing in, for the per-address limit and the audit trail. */
export interface SignInContext {
  readonly meta: RequestMeta;
  readonly clientId: string | null;
  readonly via: 'login_page' | 'password_grant';
}

/** What guards password checks: the account lockout and the per-address failure limit. */
export interface SignInGuard {
  readonly failures: LoginFailureStore;
  readonly policy: LockoutPolicy;
  readonly ipFailures: Counter;
  readonly auditor: Auditor;
}

/**
 * The key an account's failed sign-ins count under. Once the username names a user, the user's id:
 * every spelling that finds the user shares one count, and no spelling that does not find the user
 * can touch it. Otherwise the normalised username, so unknown names are counted too and the answers
 * cannot tell them apart. The prefixes keep an id and a name from ever sharing a key.
 */
export function accountKey(username: string, user: UserRecord | undefined): string {
  return hashedKey(user ? `user:${user.id}` : `name:${normaliseUsername(username)}`);
}

const pruneEveryMs = 10 * 60_000;
const pruneBatch = 500;

/**
 * Password checks behind the limits: per address and per account (lockout). It wraps {@link Users},
 * which knows accounts and passwords, and adds only the guarding, so each has one job.
 */
export class GuardedSignIn {
  private lastPrune = 0;

  constructor(
    private readonly users: Users,
    private readonly clock: () => number,
    private readonly guard: SignInGuard,
  ) {}

  /**
   * Checks a password behind both guards. A blocked address or a locked
   * account is refused before the password is looked at, so even the right
   * password waits. A failure counts for both; a success clears the account's
   * count (never the address's).
   */
  async signIn(username: string, password: string, context: SignInContext): Promise<SignInAttempt> {
    const ip = ipKey(context.meta.ip);
    // Each attempt holds one of the address's failures up front, so parallel guesses cannot all slip under the limit;
    // anything but a failed password gives it back.
    const ipWait = await this.guard.ipFailures.hit(ip);
    if (ipWait !== undefined) return { kind: 'limited', retryAfterS: ipWait };
    let failed = false;
    try {
      const attempt = await this.checkPassword(username, password, context);
      failed = attempt.kind === 'refused';
      return attempt;
    } finally {
      if (!failed) await this.guard.ipFailures.undo(ip);
    }
  }

  /** `latchkey users unlock`: forgets the account's failed sign-ins. */
  async unlock(username: string): Promise<{ user: UserRecord; failures: number; wasLocked: boolean }> {
    const user = await this.users.findByUsername(username);
    if (!user) throw new AdminNotFoundError(`no such user: ${username}`);
    const key = accountKey(username, user);
    const record = await this.guard.failures.find(key);
    const wasLocked = lockedUntil(record, this.clock(), this.guard.policy) !== undefined;
    const failures = await this.guard.failures.clear(key);
    await this.guard.auditor.record({ event: 'user.unlocked', outcome: 'success', subject: user.id, detail: { failures, was_locked: wasLocked } }, adminMeta);
    return { user, failures, wasLocked };
  }

  private async checkPassword(username: string, password: string, context: SignInContext): Promise<SignInAttempt> {
    const found = await this.users.findByUsername(username);
    const key = accountKey(username, found);
    const record = await this.guard.failures.find(key);
    const now = this.clock();
    const until = lockedUntil(record, now, this.guard.policy);
    if (until !== undefined) return { kind: 'limited', retryAfterS: retryAfterSeconds(until - now) };
    const user = await this.users.checkCredentials(found, password);
    if (user) {
      if (record) await this.guard.failures.clear(key);
      return { kind: 'ok', user };
    }
    await this.countFailure(key, found, context);
    return { kind: 'refused' };
  }

  private async countFailure(key: string, user: UserRecord | undefined, context: SignInContext): Promise<void> {
    const { policy } = this.guard;
    if (policy.threshold === 0) return;
    const now = this.clock();
    const record = await this.guard.failures.add(key, now, now - policy.resetS * 1000);
    const lockedForS = lockSeconds(record.failures, policy);
    if (lockedForS > 0) {
      await this.guard.auditor.record(
        {
          event: 'user.locked_out',
          outcome: 'failure',
          clientId: context.clientId,
          subject: user?.id ?? null,
          detail: { via: context.via, failures: record.failures, locked_for_s: lockedForS, account: user ? 'known' : 'unknown' },
        },
        context.meta,
      );
    }
    await this.pruneForgotten(now);
  }

  /** Now and then, drop records old enough to be forgotten anyway (bounded work, on a failure path only). */
  private async pruneForgotten(now: number): Promise<void> {
    if (now - this.lastPrune < pruneEveryMs) return;
    this.lastPrune = now;
    const before = now - this.guard.policy.resetS * 1000;
    for (let round = 0; round < 20; round += 1) {
      if ((await this.guard.failures.removeOlderThan(before, pruneBatch)) < pruneBatch) break;
    }
  }
}
