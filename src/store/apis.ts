import type { Knex } from 'knex';
import { preparedQuery } from './prepared-query.js';
import { toEpoch } from './json-columns.js';
import type { ApiRecord } from '../domain/records.js';

/** Storage of registered APIs and of which scopes belong to them (issue 12 §1). */
export interface ApiStore {
  list(): Promise<ApiRecord[]>;
  /** Inserts the API and makes `scopes` its own, in one transaction. */
  insert(api: ApiRecord, scopes: readonly string[]): Promise<void>;
  /** Replaces the API's fields and, when given, its scopes; false when there is no such API. */
  update(api: ApiRecord, scopes: readonly string[] | undefined): Promise<boolean>;
  /** False when there is no such API. Refused by the database while a scope belongs to it. */
  delete(id: string): Promise<boolean>;
  /** The `apis` change counter: every write above bumps it, so other processes see the catalogue change. */
  changeVersion(): Promise<number>;
}

function toApi(row: Record<string, unknown>): ApiRecord {
  return {
    id: String(row.id),
    identifier: String(row.identifier),
    name: String(row.name),
    accessTokenTtlS: row.access_token_ttl_s === null || row.access_token_ttl_s === undefined ? null : Number(row.access_token_ttl_s),
    resourceServerClientId: typeof row.resource_server_client_id === 'string' ? row.resource_server_client_id : null,
    createdAt: toEpoch(row.created_at),
    updatedAt: toEpoch(row.updated_at),
  };
}

function columnsOf(api: ApiRecord): Record<string, unknown> {
  return {
    identifier: api.identifier,
    name: api.name,
    access_token_ttl_s: api.accessTokenTtlS,
    resource_server_client_id: api.resourceServerClientId,
    updated_at: api.updatedAt,
  };
}

/** Runs an API write and bumps the change counter in one transaction (or in the caller's). */
async function writeAndBump<T>(db: Knex, write: (db: Knex) => Promise<T>): Promise<T> {
  const run = async (trx: Knex) => {
    const result = await write(trx);
    await trx('change_counters').where({ name: 'apis' }).increment('version', 1);
    return result;
  };
  return db.isTransaction ? run(db) : db.transaction(run);
}

export function knexApiStore(db: Knex): ApiStore {
  const apisVersion = preparedQuery(db, "select version from change_counters where name = 'apis'");
  return {
    async list() {
      const rows: Record<string, unknown>[] = await db('apis').select('*').orderBy('identifier');
      return rows.map(toApi);
    },
    async insert(api, scopes) {
      await writeAndBump(db, async (trx) => {
        await trx('apis').insert({ id: api.id, ...columnsOf(api), created_at: api.createdAt });
        if (scopes.length > 0) await trx('scopes').whereIn('name', [...scopes]).update({ api_id: api.id });
      });
    },
    async update(api, scopes) {
      return writeAndBump(db, async (trx) => {
        const count = await trx('apis').where({ id: api.id }).update(columnsOf(api));
        if (count === 0 || scopes === undefined) return count > 0;
        await trx('scopes').where({ api_id: api.id }).update({ api_id: null });
        if (scopes.length > 0) await trx('scopes').whereIn('name', [...scopes]).update({ api_id: api.id });
        return true;
      });
    },
    async delete(id) {
      return (await writeAndBump(db, (trx) => trx('apis').where({ id }).delete())) > 0;
    },
    async changeVersion() {
      const [row] = await apisVersion([]);
      return Number(row?.version ?? 0);
    },
  };
}
