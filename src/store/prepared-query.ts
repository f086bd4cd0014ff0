import { createHash } from 'node:crypto';
import type { Knex } from 'knex';

/** One row of a prepared read, columns by name. */
export type PreparedRow = Record<string, unknown>;

/** A read-only statement compiled once per connection and run with fresh values. */
export type PreparedQuery = (values: readonly (string | number)[]) => Promise<PreparedRow[]>;

interface SqliteConnection {
  prepare(sql: string): { all(...values: unknown[]): PreparedRow[] };
}

interface MysqlConnection {
  execute(sql: string, values: readonly unknown[], done: (error: Error | null, rows: PreparedRow[]) => void): void;
}

interface PgConnection {
  query(query: { name: string; text: string; values: unknown[] }): Promise<{ rows: PreparedRow[] }>;
}

/** The statement in PostgreSQL's placeholder syntax (`$1`, `$2`...), named after its text so each connection parses it once. */
function pgStatement(sql: string): { name: string; text: string } {
  let n = 0;
  const text = sql.replace(/\?/g, () => `$${++n}`);
  return { name: `latchkey_${createHash('sha256').update(text).digest('hex').slice(0, 16)}`, text };
}

/** Rows of a `raw` result: SQLite answers rows, mysql2 `[rows, fields]`, node-postgres `{ rows }`. */
function rawRows(result: unknown): PreparedRow[] {
  if (Array.isArray(result)) return (Array.isArray(result[0]) ? result[0] : result) as PreparedRow[];
  return (result as { rows: PreparedRow[] }).rows;
}

/**
 * A hot read that skips the Knex query builder: the SQL text is fixed, the connection comes from the
 * pool as Knex's own queries get it. On SQLite the statement is prepared once (see
 * `sqlite-statement-cache.ts`) and run synchronously; on MySQL it is a server-side prepared statement
 * (mysql2's `execute`, cached per connection); on PostgreSQL a named prepared statement (node-postgres
 * parses it once per connection). A connection that breaks is dropped by the pool's own check on the next
 * acquire, as after any Knex query. Inside a transaction it runs through Knex, on the transaction's
 * connection. Only for statements whose text is valid on all three dialects, with `?` placeholders and no
 * `?` elsewhere.
 */
export function preparedQuery(db: Knex, sql: string): PreparedQuery {
  if (db.isTransaction) {
    return async (values) => rawRows(await db.raw(sql, [...values]));
  }
  const client = db.client as Knex.Client;
  const sqlite = client.config.client === 'better-sqlite3';
  const pg = client.config.client === 'pg' ? pgStatement(sql) : undefined;
  return async (values) => {
    const connection: unknown = await client.acquireConnection();
    try {
      if (sqlite) return (connection as SqliteConnection).prepare(sql).all(...values);
      if (pg) return (await (connection as PgConnection).query({ ...pg, values: [...values] })).rows;
      return await new Promise<PreparedRow[]>((resolve, reject) =>
        (connection as MysqlConnection).execute(sql, values, (error, rows) => (error ? reject(error) : resolve(rows))),
      );
    } finally {
      await client.releaseConnection(connection);
    }
  };
}
