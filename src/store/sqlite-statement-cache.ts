/** A better-sqlite3 connection, as far as statement caching needs it. */
export interface PreparingConnection {
  prepare(sql: string): unknown;
}

/**
 * Makes `connection.prepare` return one statement per SQL text instead of compiling it again.
 * Knex prepares every query afresh, which costs more than running a simple one. better-sqlite3
 * statements are reusable and Knex runs them to completion synchronously (`all`/`run`), so sharing
 * one per text is safe; SQLite re-prepares a statement by itself after a schema change. The cache
 * is emptied when it holds `limit` texts, so queries built with varying text cannot grow it without bound.
 */
export function cachePreparedStatements(connection: PreparingConnection, limit = 1000): void {
  const prepare = connection.prepare.bind(connection);
  const statements = new Map<string, unknown>();
  connection.prepare = (sql: string) => {
    let statement = statements.get(sql);
    if (statement === undefined) {
      if (statements.size >= limit) statements.clear();
      statement = prepare(sql);
      statements.set(sql, statement);
    }
    return statement;
  };
}
