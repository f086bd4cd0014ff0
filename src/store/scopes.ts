import type { Knex } from 'knex';
import { toEpoch } from './json-columns.js';
import type { ScopeRecord } from '../domain/records.js';

/** Storage of the scopes the server knows. */
export interface ScopeStore {
  list(): Promise<ScopeRecord[]>;
  insert(scope: ScopeRecord): Promise<void>;
  /** Replaces the default description and/or the per-locale ones; false when there is no such scope. */
  updateDescription(name: string, changes: { description?: string; descriptions?: Readonly<Record<string, string>> }): Promise<boolean>;
  /** False when there is no such scope. */
  delete(name: string): Promise<boolean>;
}

/** The `descriptions` column: a JSON object of locale to text, or NULL when there are none. */
function descriptionsColumn(descriptions: Readonly<Record<string, string>>): string | null {
  return Object.keys(descriptions).length > 0 ? JSON.stringify(descriptions) : null;
}

function parseDescriptions(value: unknown): Record<string, string> {
  if (typeof value !== 'string' || value === '') return {};
  const parsed: unknown = JSON.parse(value);
  if (typeof parsed !== 'object' || parsed === null) return {};
  return Object.fromEntries(Object.entries(parsed).filter((entry): entry is [string, string] => typeof entry[1] === 'string'));
}

export function knexScopeStore(db: Knex): ScopeStore {
  return {
    async list() {
      const rows: Record<string, unknown>[] = await db('scopes').select('*').orderBy('name');
      return rows.map((row) => ({ name: String(row.name), description: String(row.description), descriptions: parseDescriptions(row.descriptions), apiId: typeof row.api_id === 'string' ? row.api_id : null, createdAt: toEpoch(row.created_at) }));
    },
    async updateDescription(name, changes) {
      const columns = {
        ...(changes.description !== undefined ? { description: changes.description } : {}),
        ...(changes.descriptions !== undefined ? { descriptions: descriptionsColumn(changes.descriptions) } : {}),
      };
      return (await db('scopes').where({ name }).update(columns)) > 0;
    },
    async delete(name) {
      return (await db('scopes').where({ name }).delete()) > 0;
    },
    async insert(scope) {
      await db('scopes').insert({ name: scope.name, description: scope.description, descriptions: descriptionsColumn(scope.descriptions), api_id: scope.apiId, created_at: scope.createdAt });
    },
  };
}
