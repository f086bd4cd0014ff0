import type { Knex } from 'knex';
import { toEpoch } from './json-columns.js';
import type { SigningKeyRecord } from '../domain/records.js';

/** Storage of signing keys (private halves encrypted). */
export interface SigningKeyStore {
  list(): Promise<SigningKeyRecord[]>;
  insert(key: SigningKeyRecord): Promise<void>;
  /** Replaces the encrypted private key (KEK rotation). */
  replacePrivate(kid: string, privateJwkEncrypted: string): Promise<void>;
}

export function knexSigningKeyStore(db: Knex): SigningKeyStore {
  return {
    async list() {
      const rows: Record<string, unknown>[] = await db('signing_keys').select('*').orderBy('activates_at');
      return rows.map((row) => ({
        kid: String(row.kid),
        alg: row.alg as SigningKeyRecord['alg'],
        publicJwk: String(row.public_jwk),
        privateJwkEncrypted: String(row.private_jwk_encrypted),
        createdAt: toEpoch(row.created_at),
        activatesAt: toEpoch(row.activates_at),
      }));
    },
    async replacePrivate(kid, privateJwkEncrypted) {
      await db('signing_keys').where({ kid }).update({ private_jwk_encrypted: privateJwkEncrypted });
    },
    async insert(key) {
      await db('signing_keys').insert({
        kid: key.kid,
        alg: key.alg,
        public_jwk: key.publicJwk,
        private_jwk_encrypted: key.privateJwkEncrypted,
        created_at: key.createdAt,
        activates_at: key.activatesAt,
      });
    },
  };
}
