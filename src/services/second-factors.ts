import { encryptWithKek, decryptWithKek } from '../crypto/key-encryption.js';
import { generateRecoveryCodes, recoveryCodeHmac } from '../crypto/recovery-codes.js';
import { checkTotp, generateTotpSecret, totpUri } from '../crypto/totp.js';
import { sha256Hex } from '../crypto/random.js';
import type { ProvenFactor } from '../domain/authentication.js';
import type { UserRecord } from '../domain/records.js';
import type { Storage, Stores } from '../store/index.js';
import type { PasskeyRecord } from '../store/passkeys.js';
import { isUniqueViolation } from '../store/errors.js';
import type { WebAuthnSettings } from '../config/index.js';
import type { RecoveryCodeCount } from '../store/second-factors.js';
import { type AdminActor, type Auditor, cliActor, recordAdminChange, type RequestMeta } from './audit.js';
import type { BeforeAtomicStep } from './atomic-step-hook.js';
import { RecoveryCodeKey, totpLabel } from './recovery-code-key.js';
import { SecondFactorCheck, type SecondFactorInput } from './second-factor-check.js';
import { WebAuthnCeremonies } from './webauthn-ceremonies.js';

/** What a user has enrolled (confirmed TOTP only), never secrets. */
export interface EnrolledFactors {
  totp: boolean;
  recoveryCodesLeft: number;
  passkeys: number;
}

/** A registered passkey as the account page, `users show` and the admin API show it. */
export interface PasskeySummary {
  id: string;
  name: string;
  /** Backup eligible: synced between devices (`swk`), else bound to one (`hwk`). */
  synced: boolean;
  backedUp: boolean;
  createdAt: number;
  lastUsedAt: number | null;
}

/** The outcome of registering a passkey: the first recovery codes when it is the user's first second factor. */
export type PasskeyRegistration = { kind: 'registered'; passkey: PasskeySummary; recoveryCodes?: string[] } | { kind: 'refused' };

/** The outcome of a passwordless sign-in's assertion. */
export type PasskeySignIn = { kind: 'ok'; userId: string; factor: ProvenFactor } | { kind: 'refused'; reason: string; userId?: string };

/** Every factor of a user with its times, for `users show`, the admin API and the account page; never secrets. */
export interface FactorSummary {
  /** The confirmed TOTP factor, if any. */
  totp: { enrolledAt: number } | null;
  /** An enrolment started and not yet confirmed. */
  totpPending: boolean;
  recoveryCodes: RecoveryCodeCount;
  passkeys: PasskeySummary[];
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
  /** Where passkeys belong: the RP ID and the expected origin. */
  readonly webauthn: WebAuthnSettings;
  /** Tests only: see {@link BeforeAtomicStep}. */
  readonly beforeAtomicStep?: BeforeAtomicStep;
}

/** How long a WebAuthn challenge may be answered (WebAuthn §15.1 recommends 300 s when user verification is required). */
const passkeyChallengeTtlS = 300;

function passkeySummary(record: PasskeyRecord): PasskeySummary {
  return { id: record.id, name: record.name, synced: record.backupEligible, backedUp: record.backedUp, createdAt: record.createdAt, lastUsedAt: record.lastUsedAt };
}

/** A passkey's name as the user typed it: trimmed, control characters out, at most 64 characters; a default when empty. */
export function passkeyName(raw: string | undefined, fallback: string): string {
  const cleaned = [...(raw ?? '').replace(/\p{Cc}/gu, ' ').trim()].slice(0, 64).join('').trim();
  return cleaned || fallback;
}

/**
 * Second factors of users: TOTP (RFC 6238), passkeys (WebAuthn) and recovery codes. Enrolment, removal and regeneration
 * live here; checking a code at sign-in goes through {@link GuardedSecondFactor}, which adds the limits.
 */
export class SecondFactors {
  private readonly recoveryKey: RecoveryCodeKey;
  private readonly check: SecondFactorCheck;
  /** The WebAuthn ceremonies: the options pages hand to the browser, and the checks of its answers. */
  readonly ceremonies: WebAuthnCeremonies;

  constructor(private readonly deps: SecondFactorDependencies) {
    this.recoveryKey = new RecoveryCodeKey(deps.storage.meta, deps.kek);
    this.ceremonies = new WebAuthnCeremonies({
      passkeys: deps.storage.passkeys,
      challenges: deps.storage.webAuthnChallenges,
      webauthn: deps.webauthn,
      rpName: deps.issuerName,
      now: deps.now,
      challengeTtlS: passkeyChallengeTtlS,
      stores: deps.storage,
      ...(deps.beforeAtomicStep ? { beforeAtomicStep: deps.beforeAtomicStep } : {}),
    });
    this.check = new SecondFactorCheck(deps.storage, deps.kek, this.recoveryKey, deps.now, this.ceremonies, deps.beforeAtomicStep);
  }

  /** What a user has enrolled (confirmed TOTP only), never secrets. */
  async enrolled(userId: string): Promise<EnrolledFactors> {
    const { secondFactors, passkeys } = this.deps.storage;
    const [totp, codes, passkeyCount] = await Promise.all([secondFactors.findTotp(userId), secondFactors.countRecoveryCodes(userId), passkeys.countForUser(userId)]);
    return { totp: !!totp && totp.confirmedAt !== null, recoveryCodesLeft: codes.left, passkeys: passkeyCount };
  }

  /** Whether the user has any usable second factor (confirmed TOTP, a passkey, or unused recovery codes). */
  async hasAny(userId: string): Promise<boolean> {
    const factors = await this.enrolled(userId);
    return factors.totp || factors.passkeys > 0 || factors.recoveryCodesLeft > 0;
  }

  async summary(userId: string): Promise<FactorSummary> {
    const { secondFactors, passkeys } = this.deps.storage;
    const [totp, recoveryCodes, keys] = await Promise.all([secondFactors.findTotp(userId), secondFactors.countRecoveryCodes(userId), passkeys.listForUser(userId)]);
    return {
      totp: totp && totp.confirmedAt !== null ? { enrolledAt: totp.confirmedAt } : null,
      totpPending: !!totp && totp.confirmedAt === null,
      recoveryCodes,
      passkeys: keys.map(passkeySummary),
    };
  }

  /** Checks and consumes a code or a passkey assertion, without limits: {@link GuardedSecondFactor} is the caller. */
  verify(userId: string, input: SecondFactorInput): Promise<ProvenFactor | undefined> {
    return this.check.verify(userId, input);
  }

  /** A passwordless sign-in's assertion (any user's discoverable passkey), without limits: {@link GuardedSecondFactor} is the caller. */
  async verifyPasskeySignIn(boundTo: string, response: string): Promise<PasskeySignIn> {
    const passkey = await this.ceremonies.verifyAuthentication(boundTo, response, null);
    if ('kind' in passkey) return passkey;
    return { kind: 'ok', userId: passkey.userId, factor: { kind: 'passkey', synced: passkey.synced, userVerified: passkey.userVerified } };
  }

  /**
   * Stores a passkey whose registration response answered the challenge bound to `boundTo`. The user's
   * first second factor also gets the first set of recovery codes (returned, to be shown once), in the
   * same transaction.
   */
  async registerPasskey(user: Pick<UserRecord, 'id'>, boundTo: string, response: string, name: string, meta: RequestMeta): Promise<PasskeyRegistration> {
    const checked = await this.ceremonies.verifyRegistration(user.id, boundTo, response);
    if ('kind' in checked) return { kind: 'refused' };
    const now = this.deps.now();
    const record: PasskeyRecord = { ...checked, name, createdAt: now, lastUsedAt: null };
    const codes = generateRecoveryCodes();
    const hmacs = await this.hmacsOf(codes);
    let firstCodes: boolean;
    try {
      firstCodes = await this.deps.storage.transaction(async (stores) => {
        await stores.passkeys.insert(record, sha256Hex(record.credentialId));
        if ((await stores.secondFactors.countRecoveryCodes(user.id)).total > 0) return false;
        await stores.secondFactors.replaceRecoveryCodes(user.id, hmacs, now);
        return true;
      });
    } catch (error) {
      // The same credential registered by a concurrent request (its id is unique): this one is refused.
      if (isUniqueViolation(error)) return { kind: 'refused' };
      throw error;
    }
    await this.deps.auditor.record(
      { event: 'user.mfa_enrolled', outcome: 'success', subject: user.id, detail: { factor: 'passkey', passkey_id: record.id, synced: record.backupEligible, ...(firstCodes ? { recovery_codes: codes.length } : {}) } },
      meta,
    );
    return { kind: 'registered', passkey: passkeySummary(record), ...(firstCodes ? { recoveryCodes: codes } : {}) };
  }

  /** Renames one of the user's passkeys; false when it is not theirs. */
  async renamePasskey(userId: string, passkeyId: string, name: string, meta: RequestMeta): Promise<boolean> {
    if (!(await this.deps.storage.passkeys.rename(userId, passkeyId, name))) return false;
    await this.deps.auditor.record({ event: 'user.passkey_renamed', outcome: 'success', subject: userId, detail: { passkey_id: passkeyId } }, meta);
    return true;
  }

  /** Removes one of the user's passkeys; with it the recovery codes, when no other second factor is left. */
  async removePasskey(userId: string, passkeyId: string, meta: RequestMeta): Promise<boolean> {
    const removed = await this.deps.storage.transaction(async (stores) => {
      if (!(await stores.passkeys.delete(userId, passkeyId))) return undefined;
      return this.dropOrphanedCodes(stores, userId);
    });
    if (removed === undefined) return false;
    await this.deps.auditor.record({ event: 'user.mfa_removed', outcome: 'success', subject: userId, detail: { factor: 'passkey', passkey_id: passkeyId, recovery_codes_removed: removed } }, meta);
    return true;
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

  /** Removes TOTP, and the recovery codes that stand in for it unless a passkey remains; false when the user had neither. */
  async removeTotp(userId: string, meta: RequestMeta): Promise<boolean> {
    const removed = await this.deps.storage.transaction(async (stores) => {
      const totp = await stores.secondFactors.deleteTotp(userId);
      const codes = await this.dropOrphanedCodes(stores, userId);
      return { totp, codes };
    });
    if (!removed.totp && removed.codes === 0) return false;
    await this.deps.auditor.record({ event: 'user.mfa_removed', outcome: 'success', subject: userId, detail: { factor: 'totp', recovery_codes_removed: removed.codes } }, meta);
    return true;
  }

  /** A new set of recovery codes replacing the whole old set; `undefined` when the user has neither a confirmed TOTP nor a passkey. */
  async regenerateRecoveryCodes(userId: string, meta: RequestMeta): Promise<string[] | undefined> {
    const enrolled = await this.enrolled(userId);
    if (!enrolled.totp && enrolled.passkeys === 0) return undefined;
    const codes = generateRecoveryCodes();
    const hmacs = await this.hmacsOf(codes);
    const now = this.deps.now();
    await this.deps.storage.transaction((stores) => stores.secondFactors.replaceRecoveryCodes(userId, hmacs, now));
    await this.deps.auditor.record({ event: 'user.recovery_codes_regenerated', outcome: 'success', subject: userId, detail: { recovery_codes: codes.length } }, meta);
    return codes;
  }

  /** `latchkey users reset-mfa`: removes every factor and ends the user's browser sessions, in one transaction. */
  async reset(user: UserRecord, actor: AdminActor = cliActor): Promise<{ totpRemoved: boolean; passkeysRemoved: number; recoveryCodesRemoved: number; sessionsEnded: number }> {
    const result = await this.deps.storage.transaction(async (stores) => ({
      totpRemoved: await stores.secondFactors.deleteTotp(user.id),
      passkeysRemoved: await stores.passkeys.deleteForUser(user.id),
      recoveryCodesRemoved: await stores.secondFactors.deleteRecoveryCodes(user.id),
      sessionsEnded: await stores.sessions.deleteForUser(user.id),
    }));
    await recordAdminChange(
      this.deps.auditor,
      {
        event: 'user.mfa_reset',
        outcome: 'success',
        subject: user.id,
        detail: { totp_removed: result.totpRemoved, passkeys_removed: result.passkeysRemoved, recovery_codes_removed: result.recoveryCodesRemoved, sessions_ended: result.sessionsEnded },
      },
      actor,
    );
    return result;
  }

  /** Recovery codes stand in for a second factor: with none left (no TOTP, no passkey), they go too. */
  private async dropOrphanedCodes(stores: Stores, userId: string): Promise<number> {
    const totp = await stores.secondFactors.findTotp(userId);
    if ((totp && totp.confirmedAt !== null) || (await stores.passkeys.countForUser(userId)) > 0) return 0;
    return stores.secondFactors.deleteRecoveryCodes(userId);
  }

  private async hmacsOf(codes: readonly string[]): Promise<string[]> {
    const key = await this.recoveryKey.get();
    return codes.map((code) => recoveryCodeHmac(key, code.replace(/-/g, '')));
  }
}
