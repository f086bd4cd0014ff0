import type { Knex } from 'knex';
import { toBoolean, toEpoch } from './json-columns.js';
import type { ExchangePolicyRecord } from '../domain/records.js';

/** Storage of token-exchange policies (issue 12 §2). */
export interface ExchangePolicyStore {
  list(): Promise<ExchangePolicyRecord[]>;
  /** The policies of one requesting client. */
  listFor(clientId: string): Promise<ExchangePolicyRecord[]>;
  insert(policy: ExchangePolicyRecord): Promise<void>;
  /** False when there is no such policy. */
  delete(id: string): Promise<boolean>;
}

function toPolicy(row: Record<string, unknown>): ExchangePolicyRecord {
  return {
    id: String(row.id),
    clientId: String(row.client_id),
    subjectClientId: typeof row.subject_client_id === 'string' ? row.subject_client_id : null,
    resource: String(row.resource),
    maxScopes: String(row.max_scope).split(' ').filter(Boolean),
    mode: row.mode === 'impersonation' ? 'impersonation' : 'delegation',
    maxDepth: Number(row.max_depth),
    anyAudience: toBoolean(row.any_audience),
    createdAt: toEpoch(row.created_at),
  };
}

export function knexExchangePolicyStore(db: Knex): ExchangePolicyStore {
  return {
    async list() {
      const rows: Record<string, unknown>[] = await db('exchange_policies').select('*').orderBy('created_at');
      return rows.map(toPolicy);
    },
    async listFor(clientId) {
      const rows: Record<string, unknown>[] = await db('exchange_policies').where({ client_id: clientId }).orderBy('created_at');
      // MySQL's default collation folds case; client ids are exact (RFC 6749 §2.2).
      return rows.map(toPolicy).filter((policy) => policy.clientId === clientId);
    },
    async insert(policy) {
      await db('exchange_policies').insert({
        id: policy.id,
        client_id: policy.clientId,
        subject_client_id: policy.subjectClientId,
        resource: policy.resource,
        max_scope: policy.maxScopes.join(' '),
        mode: policy.mode,
        max_depth: policy.maxDepth,
        any_audience: policy.anyAudience,
        created_at: policy.createdAt,
      });
    },
    async delete(id) {
      return (await db('exchange_policies').where({ id }).delete()) > 0;
    },
  };
}
