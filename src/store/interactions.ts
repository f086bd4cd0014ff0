import type { Knex } from 'knex';
import { toEpoch } from './json-columns.js';
import type { InteractionRecord } from '../domain/records.js';

/** Storage of authorization requests in progress. */
export interface InteractionStore {
  insert(interaction: InteractionRecord): Promise<void>;
  find(idHash: string): Promise<InteractionRecord | undefined>;
  delete(idHash: string): Promise<void>;
  /** Interactions not yet expired at `now`: all of them, and those started from `ipKey`. */
  countPending(now: number, ipKey: string): Promise<{ total: number; fromAddress: number }>;
}

const countOf = (row: { n?: unknown } | undefined): number => Number(row?.n ?? 0);

export function knexInteractionStore(db: Knex): InteractionStore {
  return {
    async insert(i) {
      await db('interactions').insert({
        id_hash: i.idHash,
        client_id: i.clientId,
        request: JSON.stringify(i.request),
        csrf_token: i.csrfToken,
        ip_key: i.ipKey ?? null,
        created_at: i.createdAt,
        expires_at: i.expiresAt,
      });
    },
    async find(idHash) {
      const row = await db('interactions').where({ id_hash: idHash }).first();
      if (!row) return undefined;
      return {
        idHash: String(row.id_hash),
        clientId: row.client_id === null ? null : String(row.client_id),
        request: JSON.parse(String(row.request)) as Record<string, unknown>,
        csrfToken: String(row.csrf_token),
        ipKey: row.ip_key === null || row.ip_key === undefined ? null : String(row.ip_key),
        createdAt: toEpoch(row.created_at),
        expiresAt: toEpoch(row.expires_at),
      };
    },
    async delete(idHash) {
      await db('interactions').where({ id_hash: idHash }).delete();
    },
    async countPending(now, ipKey) {
      const [total, fromAddress] = await Promise.all([
        db('interactions').where('expires_at', '>', now).count({ n: '*' }).first(),
        db('interactions').where({ ip_key: ipKey }).andWhere('expires_at', '>', now).count({ n: '*' }).first(),
      ]);
      return { total: countOf(total), fromAddress: countOf(fromAddress) };
    },
  };
}
