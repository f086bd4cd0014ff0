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

/**
 * A hot read that skips the Knex query builder: the SQL text is fixed, the connection comes from the
 * pool as Knex's own queries get it. On SQLite the statement is prepared once (see
 * `sqlite-statement-cache.ts`) and run synchronously; on MySQL it is a server-side prepared statement
 * (mysql2's `execute`, cached per connection). A connection that breaks is dropped by the pool's own
 * check on the next acquire, as after any Knex query. Inside a transaction it runs through Knex, on the
 * transaction's connection. Only for statements whose text is valid on both dialects.
 */
export function preparedQuery(db: Knex, sql: string): PreparedQuery {
  if (db.isTransaction) {
    return async (values) => {
      const result: unknown = await db.raw(sql, [...values]);
      return (Array.isArray(result) && Array.isArray(result[0]) ? result[0] : result) as PreparedRow[];
    };
  }
  const client = db.client as Knex.Client;
  const sqlite = client.config.client === 'better-sqlite3';
  return async (values) => {
    const connection: unknown = await client.acquireConnection();
    try {
      if (sqlite) return (connection as SqliteConnection).prepare(sql).all(...values);
      return await new Promise<PreparedRow[]>((resolve, reject) =>
        (connection as MysqlConnection).execute(sql, values, (error, rows) => (error ? reject(error) : resolve(rows))),
      );
    } finally {
      await client.releaseConnection(connection);
    }
  };
}
