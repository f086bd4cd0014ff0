import { chmodSync, closeSync, existsSync, mkdirSync, openSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import knex, { type Knex } from 'knex';
import pg from 'pg';
import { cachePreparedStatements, type PreparingConnection } from './sqlite-statement-cache.js';

/** Which SQL dialect a database URL selects. */
export type Dialect = 'sqlite' | 'mysql' | 'postgres';

export function dialectOf(databaseUrl: string): Dialect {
  if (databaseUrl.startsWith('mysql:')) return 'mysql';
  if (databaseUrl.startsWith('postgres:') || databaseUrl.startsWith('postgresql:')) return 'postgres';
  return 'sqlite';
}

/** PostgreSQL's `int8` (BIGINT columns, `count(*)`), which node-postgres hands over as a string. */
const pgInt8 = 20;

/**
 * node-postgres type parsers for this pool only: `int8` becomes a number, as on the other two drivers.
 * Every BIGINT here is epoch milliseconds, a counter or a row id, far below 2^53.
 */
const pgTypes = {
  getTypeParser(oid: number, format?: 'text' | 'binary'): (value: string) => unknown {
    if (oid === pgInt8 && format !== 'binary') return (value: string) => Number(value);
    return pg.types.getTypeParser(oid, format as 'text');
  },
};

/** Owner only: the database holds password hashes, client secret hashes and encrypted signing keys. */
const privateFile = 0o600;
const privateFolder = 0o700;

/**
 * Creates the folder (0700) and the database file (0600) before SQLite opens it: SQLite gives its `-wal` and
 * `-shm` files the main file's permissions, so they are owner-only too. Files of an older install that others
 * may read are narrowed to 0600; an existing folder is left as its owner set it.
 */
function prepareSqliteFile(file: string): void {
  mkdirSync(dirname(file), { recursive: true, mode: privateFolder });
  closeSync(openSync(file, 'a', privateFile));
  for (const path of [file, `${file}-wal`, `${file}-shm`]) {
    if (existsSync(path) && (statSync(path).mode & 0o077) !== 0) chmodSync(path, privateFile);
  }
}

function sqliteFilename(databaseUrl: string): string {
  const path = databaseUrl.slice('sqlite:'.length);
  if (path === ':memory:' || path === '') return ':memory:';
  const file = resolve(path.replace(/^\/\/(?=\/)/, ''));
  prepareSqliteFile(file);
  return file;
}

/** Where Knex's own warnings go (it would print them to stdout otherwise). */
export interface DatabaseLog {
  warn(message: string): void;
  error(message: string): void;
}

const stderrLog: DatabaseLog = {
  warn: (message) => process.stderr.write(`knex: ${message}\n`),
  error: (message) => process.stderr.write(`knex: ${message}\n`),
};

function knexLog(log: DatabaseLog): Knex.Config['log'] {
  return { warn: (m: unknown) => log.warn(String(m)), error: (m: unknown) => log.error(String(m)), deprecate: (m: unknown) => log.warn(String(m)), debug: () => undefined };
}

/** Opens a Knex pool for `sqlite:PATH`, `mysql://...` or `postgres://...`; all three run the same migrations and queries. */
export function openDatabase(databaseUrl: string, log: DatabaseLog = stderrLog): Knex {
  const dialect = dialectOf(databaseUrl);
  if (dialect === 'postgres') {
    return knex({
      log: knexLog(log),
      client: 'pg',
      connection: { connectionString: databaseUrl, connectionTimeoutMillis: 5_000, types: pgTypes } as Knex.PgConnectionConfig,
      pool: { min: 0, max: 10 },
      acquireConnectionTimeout: 5_000,
    });
  }
  if (dialect === 'mysql') {
    return knex({
      log: knexLog(log),
      client: 'mysql2',
      connection: { uri: databaseUrl, timezone: 'Z', charset: 'utf8mb4', connectTimeout: 5_000 } as Knex.MySql2ConnectionConfig,
      pool: { min: 0, max: 10 },
      acquireConnectionTimeout: 5_000,
    });
  }
  return knex({
    log: knexLog(log),
    client: 'better-sqlite3',
    connection: { filename: sqliteFilename(databaseUrl) },
    useNullAsDefault: true,
    pool: {
      min: 1,
      max: 1,
      afterCreate(connection: PreparingConnection & { pragma(sql: string): unknown }, done: (err: Error | null, c: unknown) => void) {
        cachePreparedStatements(connection);
        connection.pragma('foreign_keys = ON');
        connection.pragma('journal_mode = WAL');
        connection.pragma('synchronous = NORMAL');
        connection.pragma('busy_timeout = 5000');
        done(null, connection);
      },
    },
    acquireConnectionTimeout: 10_000,
  });
}
