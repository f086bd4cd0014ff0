import type { LockoutPolicy } from '../config/index.js';
import type { ProvenFactor } from '../domain/authentication.js';
import { adminMeta, type Auditor, type RequestMeta } from '../services/audit.js';
import type { SecondFactorInput } from '../services/second-factor-check.js';
import type { SecondFactors } from '../services/second-factors.js';
import type { LoginFailureStore } from '../store/login-failures.js';
import { type Counter, retryAfterSeconds } from './counters.js';
import { hashedKey, ipKey } from './keys.js';
import { lockedUntil, lockSeconds } from './lockout.js';

/** The outcome of one second-factor check after the password. */
export type SecondFactorAttempt = { kind: 'ok'; factor: ProvenFactor } | { kind: 'refused' } | { kind: 'limited'; retryAfterS: number };

/** The outcome of a passwordless sign-in with a passkey. */
export type PasskeySignInAttempt = { kind: 'ok'; userId: string; factor: ProvenFactor } | { kind: 'refused' } | { kind: 'limited'; retryAfterS: number };

/** Who is giving the second factor, for the per-address limit and the audit trail. */
export interface SecondFactorContext {
  readonly meta: RequestMeta;
  readonly clientId: string | null;
}

/** What guards second-factor checks: their own account lockout and per-address failure limit. */
export interface SecondFactorGuard {
  readonly failures: LoginFailureStore;
  readonly policy: LockoutPolicy;
  readonly ipFailures: Counter;
  readonly auditor: Auditor;
}

/**
 * The key a user's failed second factors count under: the same store as failed passwords, another
 * key space, so a stranger guessing passwords cannot lock the second-factor step, and guessing codes
 * does not lock the password (nor go unlimited).
 */
export function secondFactorAccountKey(userId: string): string {
  return hashedKey(`second-factor:user:${userId}`);
}

/**
 * Second-factor checks behind the limits: per address and per account, with the lockout behaviour
 * of password sign-ins ({@link LockoutPolicy}). It wraps {@link SecondFactors}, which knows the codes.
 */
export class GuardedSecondFactor {
  constructor(
    private readonly factors: Pick<SecondFactors, 'verify' | 'verifyPasskeySignIn'>,
    private readonly clock: () => number,
    private readonly guard: SecondFactorGuard,
  ) {}

  /** Checks and consumes a TOTP code, a recovery code or a passkey assertion of the user, behind the per-account and per-address limits; audits failures. */
  async verify(userId: string, input: SecondFactorInput, context: SecondFactorContext): Promise<SecondFactorAttempt> {
    const ip = ipKey(context.meta.ip);
    // As for passwords: each attempt holds one of the address's failures up front; anything but a failure gives it back.
    const ipWait = await this.guard.ipFailures.hit(ip);
    if (ipWait !== undefined) return { kind: 'limited', retryAfterS: ipWait };
    let failed = false;
    try {
      const attempt = await this.checkCode(userId, input, context);
      failed = attempt.kind === 'refused';
      return attempt;
    } finally {
      if (!failed) await this.guard.ipFailures.undo(ip);
    }
  }

  /**
   * A passwordless sign-in: a discoverable passkey's assertion answering the challenge bound to `boundTo`,
   * behind the per-address failure limit. No account lockout: an assertion cannot be guessed, and a
   * stranger's failures must not lock the owner out; each failure is audited, with the owner when known.
   */
  async signInWithPasskey(boundTo: string, response: string, context: SecondFactorContext): Promise<PasskeySignInAttempt> {
    const ip = ipKey(context.meta.ip);
    const ipWait = await this.guard.ipFailures.hit(ip);
    if (ipWait !== undefined) return { kind: 'limited', retryAfterS: ipWait };
    const outcome = await this.factors.verifyPasskeySignIn(boundTo, response);
    if (outcome.kind === 'ok') {
      await this.guard.ipFailures.undo(ip);
      return outcome;
    }
    await this.guard.auditor.record(
      { event: 'user.passkey_failed', outcome: 'failure', clientId: context.clientId, subject: outcome.userId ?? null, detail: { via: 'passwordless', reason: outcome.reason } },
      context.meta,
    );
    return { kind: 'refused' };
  }

  /** Part of `latchkey users unlock`: forgets the user's failed second factors (audited when there were any). */
  async unlock(userId: string): Promise<{ failures: number; wasLocked: boolean }> {
    const key = secondFactorAccountKey(userId);
    const wasLocked = lockedUntil(await this.guard.failures.find(key), this.clock(), this.guard.policy) !== undefined;
    const failures = await this.guard.failures.clear(key);
    if (failures > 0) {
      await this.guard.auditor.record({ event: 'user.unlocked', outcome: 'success', subject: userId, detail: { factor: 'second_factor', failures, was_locked: wasLocked } }, adminMeta);
    }
    return { failures, wasLocked };
  }

  private async checkCode(userId: string, input: SecondFactorInput, context: SecondFactorContext): Promise<SecondFactorAttempt> {
    const key = secondFactorAccountKey(userId);
    const record = await this.guard.failures.find(key);
    const now = this.clock();
    const until = lockedUntil(record, now, this.guard.policy);
    if (until !== undefined) return { kind: 'limited', retryAfterS: retryAfterSeconds(until - now) };
    const factor = await this.factors.verify(userId, input);
    if (factor) {
      if (record) await this.guard.failures.clear(key);
      await this.guard.auditor.record({ event: 'user.second_factor_verified', outcome: 'success', clientId: context.clientId, subject: userId, detail: { factor: factor.kind } }, context.meta);
      return { kind: 'ok', factor };
    }
    await this.countFailure(key, userId, input, context);
    return { kind: 'refused' };
  }

  private async countFailure(key: string, userId: string, input: SecondFactorInput, context: SecondFactorContext): Promise<void> {
    const { policy } = this.guard;
    const now = this.clock();
    const failures = policy.threshold === 0 ? undefined : (await this.guard.failures.add(key, now, now - policy.resetS * 1000)).failures;
    const lockedForS = failures === undefined ? 0 : lockSeconds(failures, policy);
    await this.guard.auditor.record(
      {
        event: 'user.second_factor_failed',
        outcome: 'failure',
        clientId: context.clientId,
        subject: userId,
        detail: { factor: input.kind, ...(failures !== undefined ? { failures } : {}), ...(lockedForS > 0 ? { locked_for_s: lockedForS } : {}) },
      },
      context.meta,
    );
    if (lockedForS > 0) {
      await this.guard.auditor.record(
        { event: 'user.locked_out', outcome: 'failure', clientId: context.clientId, subject: userId, detail: { via: 'second_factor', failures, locked_for_s: lockedForS } },
        context.meta,
      );
    }
  }
}
