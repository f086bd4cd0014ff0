import type { Knex } from 'knex';
import { toEpoch } from './json-columns.js';
import type { ConsentRecord } from '../domain/records.js';

/** Storage of consents, one row per user and client. */
export interface ConsentStore {
  find(userId: string, clientId: string): Promise<ConsentRecord | undefined>;
  /** Inserts or replaces the user's consent for the client. */
  save(consent: ConsentRecord): Promise<void>;
  listForUser(userId: string): Promise<(ConsentRecord & { clientName: string })[]>;
  delete(userId: string, clientId: string): Promise<boolean>;
}

function toConsent(row: Record<string, unknown>): ConsentRecord {
  return {
    userId: String(row.user_id),
    clientId: String(row.client_id),
    scopes: String(row.scope).split(' ').filter(Boolean),
    createdAt: toEpoch(row.created_at),
    updatedAt: toEpoch(row.updated_at),
  };
}

export function knexConsentStore(db: Knex): ConsentStore {
  return {
    async find(userId, clientId) {
      const row = await db('consents').where({ user_id: userId, client_id: clientId }).first();
      return row ? toConsent(row) : undefined;
    },
    async save(c) {
      await db('consents')
        .insert({ user_id: c.userId, client_id: c.clientId, scope: c.scopes.join(' '), created_at: c.createdAt, updated_at: c.updatedAt })
        .onConflict(['user_id', 'client_id'])
        .merge(['scope', 'updated_at']);
    },
    async listForUser(userId) {
      const rows: Record<string, unknown>[] = await db('consents')
        .join('clients', 'clients.client_id', 'consents.client_id')
        .where('consents.user_id', userId)
        .select('consents.*', 'clients.client_name')
        .orderBy('consents.updated_at', 'desc');
      return rows.map((row) => ({ ...toConsent(row), clientName: String(row.client_name) }));
    },
    async delete(userId, clientId) {
      return (await db('consents').where({ user_id: userId, client_id: clientId }).delete()) > 0;
    },
  };
}
