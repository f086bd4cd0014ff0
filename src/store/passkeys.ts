import type { Knex } from 'knex';
import { parseJsonList, toBoolean, toEpoch, toEpochOrNull } from './json-columns.js';

/** A registered passkey (WebAuthn credential). The public key is not a secret; nothing here is. */
export interface PasskeyRecord {
  /** Latchkey's own id of the passkey (forms name it; the credential id stays out of pages). */
  id: string;
  userId: string;
  /** The credential id, base64url. */
  credentialId: string;
  /** The COSE public key, base64url. */
  publicKey: string;
  /** The sign counter the authenticator last reported; 0 means it keeps none (synced passkeys). */
  signCount: number;
  transports: string[];
  /** Backup eligible (BE flag): a synced passkey. */
  backupEligible: boolean;
  /** Backed up (BS flag) at the last use. */
  backedUp: boolean;
  aaguid: string;
  name: string;
  createdAt: number;
  lastUsedAt: number | null;
}

/** What changes when a passkey is used. */
export interface PasskeyUse {
  signCount: number;
  backedUp: boolean;
  at: number;
}

/** Storage of passkeys. */
export interface PasskeyStore {
  insert(record: PasskeyRecord, credentialIdHash: string): Promise<void>;
  findByCredentialIdHash(credentialIdHash: string): Promise<PasskeyRecord | undefined>;
  listForUser(userId: string): Promise<PasskeyRecord[]>;
  countForUser(userId: string): Promise<number>;
  /**
   * Records a use, only if the stored counter is still the one the check saw: of two concurrent
   * assertions with one counter, one wins (false for the other).
   */
  recordUse(id: string, seenSignCount: number, use: PasskeyUse): Promise<boolean>;
  rename(userId: string, id: string, name: string): Promise<boolean>;
  delete(userId: string, id: string): Promise<boolean>;
  deleteForUser(userId: string): Promise<number>;
}

function toPasskey(row: Record<string, unknown>): PasskeyRecord {
  return {
    id: String(row.id),
    userId: String(row.user_id),
    credentialId: String(row.credential_id),
    publicKey: String(row.public_key),
    signCount: toEpoch(row.sign_count),
    transports: parseJsonList(row.transports),
    backupEligible: toBoolean(row.backup_eligible),
    backedUp: toBoolean(row.backed_up),
    aaguid: String(row.aaguid),
    name: String(row.name),
    createdAt: toEpoch(row.created_at),
    lastUsedAt: toEpochOrNull(row.last_used_at),
  };
}

export function knexPasskeyStore(db: Knex): PasskeyStore {
  const passkeys = () => db('passkeys');
  return {
    async insert(record, credentialIdHash) {
      await passkeys().insert({
        id: record.id,
        user_id: record.userId,
        credential_id_hash: credentialIdHash,
        credential_id: record.credentialId,
        public_key: record.publicKey,
        sign_count: record.signCount,
        transports: JSON.stringify(record.transports),
        backup_eligible: record.backupEligible,
        backed_up: record.backedUp,
        aaguid: record.aaguid,
        name: record.name,
        created_at: record.createdAt,
        last_used_at: record.lastUsedAt,
      });
    },
    async findByCredentialIdHash(credentialIdHash) {
      const row = await passkeys().where({ credential_id_hash: credentialIdHash }).first();
      return row ? toPasskey(row) : undefined;
    },
    async listForUser(userId) {
      const rows: Record<string, unknown>[] = await passkeys().select('*').where({ user_id: userId }).orderBy([{ column: 'created_at' }, { column: 'id' }]);
      return rows.map(toPasskey);
    },
    async countForUser(userId) {
      const row = (await passkeys().where({ user_id: userId }).count({ n: '*' }).first()) as { n: unknown } | undefined;
      return Number(row?.n ?? 0);
    },
    async recordUse(id, seenSignCount, use) {
      const updated = await passkeys().where({ id, sign_count: seenSignCount }).update({ sign_count: use.signCount, backed_up: use.backedUp, last_used_at: use.at });
      return updated === 1;
    },
    async rename(userId, id, name) {
      return (await passkeys().where({ id, user_id: userId }).update({ name })) === 1;
    },
    async delete(userId, id) {
      return (await passkeys().where({ id, user_id: userId }).delete()) === 1;
    },
    async deleteForUser(userId) {
      return passkeys().where({ user_id: userId }).delete();
    },
  };
}
