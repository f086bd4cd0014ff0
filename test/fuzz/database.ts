/**
 * The database side of the fuzz run: a database of its own, and snapshots that
 * show whether a request changed it.
 */
import type { Knex } from 'knex';
import { openDatabase } from '../../src/store/database.js';
import { onPostgres, onServerDatabase } from '../helpers/test-database.js';

/**
 * A database for this test file alone. On MySQL or PostgreSQL the shared test database also
 * sees other test files (and other runs) write, which the snapshots would take
 * for the fuzzer's requests; so the fuzz run creates `<name>_fuzz_<pid>` next to
 * it and drops it afterwards. SQLite: undefined, the harness already gives every
 * file a fresh one.
 */
export async function isolatedDatabase(): Promise<{ url: string | undefined; drop(): Promise<void> }> {
  if (!onServerDatabase) return { url: undefined, drop: async () => undefined };
  const shared = process.env.LATCHKEY_TEST_DATABASE_URL as string;
  const url = new URL(shared);
  const name = `${url.pathname.slice(1)}_fuzz_${process.pid}`;
  url.pathname = `/${name}`;
  const admin = async (sql: string) => {
    const db = openDatabase(shared);
    try {
      return await db.raw(sql);
    } finally {
      await db.destroy();
    }
  };
  const quoted = onPostgres ? `"${name}"` : `\`${name}\``;
  await admin(`DROP DATABASE IF EXISTS ${quoted}`);
  await admin(`CREATE DATABASE ${quoted}`);
  return { url: url.toString(), drop: () => admin(`DROP DATABASE IF EXISTS ${quoted}`) };
}

/** The tables whose rows a rejected request must leave alone (audit events, interactions and limiter state aside). */
export const guardedTables = [
  'users', 'clients', 'scopes', 'refresh_token_families', 'refresh_tokens', 'authorization_codes', 'consents', 'sessions', 'signing_keys', 'revoked_access_tokens',
] as const;

/**
 * Row counts of every guarded table, plus the number of set nullable `*_at`
 * columns (`revoked_at`, `rotated_at`, `consumed_at`, ...), so that a revocation
 * or a redemption shows even though no row was added. One query per snapshot.
 */
export async function databaseSnapshotter(db: Knex): Promise<() => Promise<Record<string, number>>> {
  const quote = db.client.config.client === 'mysql2' ? '`' : '"';
  const columns: string[] = [];
  for (const table of guardedTables) {
    columns.push(`(select count(*) from ${table}) as ${quote}${table}${quote}`);
    for (const [column, meta] of Object.entries(await db(table).columnInfo())) {
      if (meta.nullable && column.endsWith('_at')) columns.push(`(select count(${column}) from ${table}) as ${quote}${table}.${column}${quote}`);
    }
  }
  const sql = `select ${columns.join(', ')}`;
  return async () => {
    const result = (await db.raw(sql)) as Record<string, unknown>[] | [Record<string, unknown>[], unknown] | { rows: Record<string, unknown>[] };
    // better-sqlite3 answers rows; mysql2 answers [rows, fields]; node-postgres { rows }.
    const rows = Array.isArray(result) ? result : result.rows;
    const row = (Array.isArray(rows[0]) ? rows[0][0] : rows[0]) as Record<string, unknown>;
    return Object.fromEntries(Object.entries(row).map(([k, v]) => [k, Number(v)]));
  };
}

/** What differs between two snapshots, e.g. `sessions 3 -> 4`. */
export function changes(before: Record<string, number>, after: Record<string, number>): string[] {
  return Object.keys(before)
    .filter((k) => before[k] !== after[k])
    .map((k) => `${k} ${before[k]} -> ${after[k]}`);
}
