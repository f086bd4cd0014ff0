import type { Knex } from 'knex';
import { toEpoch, toFactors } from './json-columns.js';
import type { SessionRecord } from '../domain/records.js';

/** Storage of browser sessions. */
export interface SessionStore {
  insert(session: SessionRecord): Promise<void>;
  find(idHash: string): Promise<SessionRecord | undefined>;
  delete(idHash: string): Promise<void>;
  /** Ends every session of the user; resolves how many there were. */
  deleteForUser(userId: string): Promise<number>;
}

export function knexSessionStore(db: Knex): SessionStore {
  return {
    async insert(s) {
      await db('sessions').insert({
        id_hash: s.idHash,
        user_id: s.userId,
        csrf_token: s.csrfToken,
        auth_time: s.authTime,
        factors: JSON.stringify(s.factors),
        created_at: s.createdAt,
        expires_at: s.expiresAt,
      });
    },
    async find(idHash) {
      const row = await db('sessions').where({ id_hash: idHash }).first();
      if (!row) return undefined;
      const authTime = toEpoch(row.auth_time);
      return {
        idHash: String(row.id_hash),
        userId: String(row.user_id),
        csrfToken: String(row.csrf_token),
        authTime,
        factors: toFactors(row.factors, authTime),
        createdAt: toEpoch(row.created_at),
        expiresAt: toEpoch(row.expires_at),
      };
    },
    async delete(idHash) {
      await db('sessions').where({ id_hash: idHash }).delete();
    },
    async deleteForUser(userId) {
      return db('sessions').where({ user_id: userId }).delete();
    },
  };
}
