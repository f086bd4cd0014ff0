import type { Knex } from 'knex';
import { isUniqueViolation } from './errors.js';
import { toEpoch, toEpochOrNull } from './json-columns.js';

/** A user's TOTP factor; `confirmedAt` null while enrolment is pending. */
export interface TotpFactorRecord {
  userId: string;
  /** The base32 secret sealed under the KEK (label `totp:<userId>`). */
  secretEncrypted: string;
  confirmedAt: number | null;
  lastUsedStep: number | null;
  createdAt: number;
}

/** How many of a user's recovery codes are left, and when the set was made. */
export interface RecoveryCodeCount {
  left: number;
  total: number;
  createdAt: number | null;
}

/** Storage of second factors. Every "use once" is a conditional update whose row count decides. */
export interface SecondFactorStore {
  findTotp(userId: string): Promise<TotpFactorRecord | undefined>;
  listTotp(): Promise<TotpFactorRecord[]>;
  /** Starts (or restarts) a pending enrolment; never replaces a confirmed factor (false then). */
  savePendingTotp(userId: string, secretEncrypted: string, now: number): Promise<boolean>;
  /** Confirms a pending factor with the step of the code that proved it; false when it was no longer pending. */
  confirmTotp(userId: string, step: number, now: number): Promise<boolean>;
  /** Records `step` as used, only if it is later than the last used one (RFC 6238 §5.2); false when another use won. */
  consumeTotpStep(userId: string, step: number): Promise<boolean>;
  replaceTotpSecret(userId: string, secretEncrypted: string): Promise<void>;
  deleteTotp(userId: string): Promise<boolean>;
  /** The HMACs of the user's unused recovery codes. */
  unusedRecoveryCodes(userId: string): Promise<string[]>;
  countRecoveryCodes(userId: string): Promise<RecoveryCodeCount>;
  /** Replaces the whole set (call inside a transaction). */
  replaceRecoveryCodes(userId: string, hmacs: readonly string[], now: number): Promise<void>;
  /** Marks one code used, only if unused; false when it was used already (or by a concurrent request). */
  consumeRecoveryCode(userId: string, hmac: string, now: number): Promise<boolean>;
  deleteRecoveryCodes(userId: string): Promise<number>;
}

function toTotp(row: Record<string, unknown>): TotpFactorRecord {
  return {
    userId: String(row.user_id),
    secretEncrypted: String(row.secret_encrypted),
    confirmedAt: toEpochOrNull(row.confirmed_at),
    lastUsedStep: toEpochOrNull(row.last_used_step),
    createdAt: toEpoch(row.created_at),
  };
}

export function knexSecondFactorStore(db: Knex): SecondFactorStore {
  const totp = () => db('totp_factors');
  const codes = () => db('recovery_codes');
  return {
    async findTotp(userId) {
      const row = await totp().where({ user_id: userId }).first();
      return row ? toTotp(row) : undefined;
    },
    async listTotp() {
      const rows: Record<string, unknown>[] = await totp().select('*').orderBy('user_id');
      return rows.map(toTotp);
    },
    async savePendingTotp(userId, secretEncrypted, now) {
      const replaced = await totp().where({ user_id: userId }).whereNull('confirmed_at').update({ secret_encrypted: secretEncrypted, last_used_step: null, created_at: now });
      if (replaced > 0) return true;
      try {
        await totp().insert({ user_id: userId, secret_encrypted: secretEncrypted, confirmed_at: null, last_used_step: null, created_at: now });
        return true;
      } catch (error) {
        if (isUniqueViolation(error)) return false;
        throw error;
      }
    },
    async confirmTotp(userId, step, now) {
      return (await totp().where({ user_id: userId }).whereNull('confirmed_at').update({ confirmed_at: now, last_used_step: step })) === 1;
    },
    async consumeTotpStep(userId, step) {
      const updated = await totp()
        .where({ user_id: userId })
        .whereNotNull('confirmed_at')
        .andWhere((q) => void q.whereNull('last_used_step').orWhere('last_used_step', '<', step))
        .update({ last_used_step: step });
      return updated === 1;
    },
    async replaceTotpSecret(userId, secretEncrypted) {
      await totp().where({ user_id: userId }).update({ secret_encrypted: secretEncrypted });
    },
    async deleteTotp(userId) {
      return (await totp().where({ user_id: userId }).delete()) > 0;
    },
    async unusedRecoveryCodes(userId) {
      const rows: { code_hmac: string }[] = await codes().select('code_hmac').where({ user_id: userId }).whereNull('used_at');
      return rows.map((r) => String(r.code_hmac));
    },
    async countRecoveryCodes(userId) {
      const rows: Record<string, unknown>[] = await codes().select('used_at', 'created_at').where({ user_id: userId });
      return {
        left: rows.filter((r) => r.used_at === null).length,
        total: rows.length,
        createdAt: rows.length ? Math.min(...rows.map((r) => toEpoch(r.created_at))) : null,
      };
    },
    async replaceRecoveryCodes(userId, hmacs, now) {
      await codes().where({ user_id: userId }).delete();
      if (hmacs.length) await codes().insert(hmacs.map((hmac) => ({ user_id: userId, code_hmac: hmac, used_at: null, created_at: now })));
    },
    async consumeRecoveryCode(userId, hmac, now) {
      return (await codes().where({ user_id: userId, code_hmac: hmac }).whereNull('used_at').update({ used_at: now })) === 1;
    },
    async deleteRecoveryCodes(userId) {
      return codes().where({ user_id: userId }).delete();
    },
  };
}
