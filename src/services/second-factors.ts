import { encryptWithKek, decryptWithKek } from '../crypto/key-encryption.js';
import { generateRecoveryCodes, recoveryCodeHmac } from '../crypto/recovery-codes.js';
import { checkTotp, generateTotpSecret, totpUri } from '../crypto/totp.js';
import type { UserRecord } from '../domain/records.js';
import type { Storage } from '../store/index.js';
import type { RecoveryCodeCount } from '../store/second-factors.js';
import { type AdminActor, type Auditor, cliActor, recordAdminChange, type RequestMeta } from './audit.js';
import type { BeforeAtomicStep } from './atomic-step-hook.js';
import { RecoveryCodeKey, totpLabel } from './recovery-code-key.js';
import { SecondFactorCheck, type SecondFactorInput } from './second-factor-check.js';

/** What a user has enrolled (confirmed TOTP only), never secrets. */
export interface EnrolledFactors {
  totp: boolean;
  recoveryCodesLeft: number;
}

/** Every factor of a user with its times, for `users show`, the admin API and the account page; never secrets. */
export interface FactorSummary {
  /** The confirmed TOTP factor, if any. */
  totp: { enrolledAt: number } | null;
  /** An enrolment started and not yet confirmed. */
  totpPending: boolean;
  recoveryCodes: RecoveryCodeCount;
}

/** A pending TOTP enrolment: what the account page shows (as a QR code and as text). */
export interface TotpEnrolment {
  secret: string;
  uri: string;
}

/** The outcome of confirming a TOTP enrolment: the first recovery codes, shown once. */
export type TotpConfirmation = { kind: 'confirmed'; recoveryCodes: string[] } | { kind: 'refused' };

/** What {@link SecondFactors} is built from. */
export interface SecondFactorDependencies {
  readonly storage: Storage;
  readonly kek: Buffer;
  readonly auditor: Auditor;
  readonly now: () => number;
  /** The issuer name authenticator apps show beside the account (the brand name). */
  readonly issuerName: string;
  /** Tests only: see {@link BeforeAtomicStep}. */
  readonly beforeAtomicStep?: BeforeAtomicStep;
}

/**
 * Second factors of users: TOTP (RFC 6238) and recovery codes. Enrolment, removal and regeneration
 * live here; checking a code at sign-in goes through {@link GuardedSecondFactor}, which adds the limits.
 */
export class SecondFactors {
  private readonly recoveryKey: RecoveryCodeKey;
  private readonly check: SecondFactorCheck;

  constructor(private readonly deps: SecondFactorDependencies) {
    this.recoveryKey = new RecoveryCodeKey(deps.storage.meta, deps.kek);
    this.check = new SecondFactorCheck(deps.storage, deps.kek, this.recoveryKey, deps.now, deps.beforeAtomicStep);
  }

  /** What a user has enrolled (confirmed TOTP only), never secrets. */
  async enrolled(userId: string): Promise<EnrolledFactors> {
    const [totp, codes] = await Promise.all([this.deps.storage.secondFactors.findTotp(userId), this.deps.storage.secondFactors.countRecoveryCodes(userId)]);
    return { totp: !!totp && totp.confirmedAt !== null, recoveryCodesLeft: codes.left };
  }

  /** Whether the user has any usable second factor (confirmed TOTP, or unused recovery codes). */
  async hasAny(userId: string): Promise<boolean> {
    const factors = await this.enrolled(userId);
    return factors.totp || factors.recoveryCodesLeft > 0;
  }

  async summary(userId: string): Promise<FactorSummary> {
    const [totp, recoveryCodes] = await Promise.all([this.deps.storage.secondFactors.findTotp(userId), this.deps.storage.secondFactors.countRecoveryCodes(userId)]);
    return {
      totp: totp && totp.confirmedAt !== null ? { enrolledAt: totp.confirmedAt } : null,
      totpPending: !!totp && totp.confirmedAt === null,
      recoveryCodes,
    };
  }

  /** Checks and consumes a code, without limits: {@link GuardedSecondFactor} is the caller. */
  verify(userId: string, input: SecondFactorInput): Promise<'totp' | 'recovery_code' | undefined> {
    return this.check.verify(userId, input);
  }

  /** Starts (or restarts) a TOTP enrolment with a new secret; `undefined` when TOTP is already confirmed. */
  async beginTotp(user: Pick<UserRecord, 'id' | 'username'>): Promise<TotpEnrolment | undefined> {
    const secret = generateTotpSecret();
    const saved = await this.deps.storage.secondFactors.savePendingTotp(user.id, encryptWithKek(this.deps.kek, secret, totpLabel(user.id)), this.deps.now());
    return saved ? { secret, uri: totpUri(this.deps.issuerName, user.username, secret) } : undefined;
  }

  /** The pending enrolment, if one was started and not confirmed. */
  async pendingTotp(user: Pick<UserRecord, 'id' | 'username'>): Promise<TotpEnrolment | undefined> {
    const factor = await this.deps.storage.secondFactors.findTotp(user.id);
    if (!factor || factor.confirmedAt !== null) return undefined;
    const secret = decryptWithKek(this.deps.kek, factor.secretEncrypted, totpLabel(user.id));
    return { secret, uri: totpUri(this.deps.issuerName, user.username, secret) };
  }

  /**
   * Confirms the pending enrolment with one valid code (which counts as used), and makes the first
   * set of recovery codes, in one transaction. Refused: no pending enrolment, or a wrong code.
   */
  async confirmTotp(userId: string, code: string, meta: RequestMeta): Promise<TotpConfirmation> {
    const factor = await this.deps.storage.secondFactors.findTotp(userId);
    if (!factor || factor.confirmedAt !== null) return { kind: 'refused' };
    const secret = decryptWithKek(this.deps.kek, factor.secretEncrypted, totpLabel(userId));
    const step = checkTotp(code.replace(/\s/g, ''), { secret, nowMs: this.deps.now() });
    if (step === undefined) return { kind: 'refused' };
    const codes = generateRecoveryCodes();
    const hmacs = await this.hmacsOf(codes);
    const now = this.deps.now();
    const confirmed = await this.deps.storage.transaction(async (stores) => {
      if (!(await stores.secondFactors.confirmTotp(userId, step, now))) return false;
      await stores.secondFactors.replaceRecoveryCodes(userId, hmacs, now);
      return true;
    });
    if (!confirmed) return { kind: 'refused' };
    await this.deps.auditor.record({ event: 'user.mfa_enrolled', outcome: 'success', subject: userId, detail: { factor: 'totp', recovery_codes: codes.length } }, meta);
    return { kind: 'confirmed', recoveryCodes: codes };
  }

  /** Removes TOTP and the recovery codes that stand in for it; false when the user had neither. */
  async removeTotp(userId: string, meta: RequestMeta): Promise<boolean> {
    const removed = await this.deps.storage.transaction(async (stores) => {
      const totp = await stores.secondFactors.deleteTotp(userId);
      const codes = await stores.secondFactors.deleteRecoveryCodes(userId);
      return { totp, codes };
    });
    if (!removed.totp && removed.codes === 0) return false;
    await this.deps.auditor.record({ event: 'user.mfa_removed', outcome: 'success', subject: userId, detail: { factor: 'totp', recovery_codes_removed: removed.codes } }, meta);
    return true;
  }

  /** A new set of recovery codes replacing the whole old set; `undefined` when the user has no confirmed TOTP. */
  async regenerateRecoveryCodes(userId: string, meta: RequestMeta): Promise<string[] | undefined> {
    if (!(await this.enrolled(userId)).totp) return undefined;
    const codes = generateRecoveryCodes();
    const hmacs = await this.hmacsOf(codes);
    const now = this.deps.now();
    await this.deps.storage.transaction((stores) => stores.secondFactors.replaceRecoveryCodes(userId, hmacs, now));
    await this.deps.auditor.record({ event: 'user.recovery_codes_regenerated', outcome: 'success', subject: userId, detail: { recovery_codes: codes.length } }, meta);
    return codes;
  }

  /** `latchkey users reset-mfa`: removes every factor and ends the user's browser sessions, in one transaction. */
  async reset(user: UserRecord, actor: AdminActor = cliActor): Promise<{ totpRemoved: boolean; recoveryCodesRemoved: number; sessionsEnded: number }> {
    const result = await this.deps.storage.transaction(async (stores) => ({
      totpRemoved: await stores.secondFactors.deleteTotp(user.id),
      recoveryCodesRemoved: await stores.secondFactors.deleteRecoveryCodes(user.id),
      sessionsEnded: await stores.sessions.deleteForUser(user.id),
    }));
    await recordAdminChange(
      this.deps.auditor,
      { event: 'user.mfa_reset', outcome: 'success', subject: user.id, detail: { totp_removed: result.totpRemoved, recovery_codes_removed: result.recoveryCodesRemoved, sessions_ended: result.sessionsEnded } },
      actor,
    );
    return result;
  }

  private async hmacsOf(codes: readonly string[]): Promise<string[]> {
    const key = await this.recoveryKey.get();
    return codes.map((code) => recoveryCodeHmac(key, code.replace(/-/g, '')));
  }
}
