import type { Knex } from 'knex';
import { toEpoch } from './json-columns.js';
import type { ScopeRecord } from '../domain/records.js';

/** Storage of the scopes the server knows. */
export interface ScopeStore {
  list(): Promise<ScopeRecord[]>;
  insert(scope: ScopeRecord): Promise<void>;
  /** False when there is no such scope. */
  updateDescription(name: string, description: string): Promise<boolean>;
  /** False when there is no such scope. */
  delete(name: string): Promise<boolean>;
}

export function knexScopeStore(db: Knex): ScopeStore {
  return {
    async list() {
      const rows: Record<string, unknown>[] = await db('scopes').select('*').orderBy('name');
      return rows.map((row) => ({ name: String(row.name), description: String(row.description), createdAt: toEpoch(row.created_at) }));
    },
    async updateDescription(name, description) {
      return (await db('scopes').where({ name }).update({ description })) > 0;
    },
    async delete(name) {
      return (await db('scopes').where({ name }).delete()) > 0;
    },
    async insert(scope) {
      await db('scopes').insert({ name: scope.name, description: scope.description, created_at: scope.createdAt });
    },
  };
}
