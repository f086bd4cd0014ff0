const unavailableCodes = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'ENOTFOUND',
  'EHOSTUNREACH',
  'PROTOCOL_CONNECTION_LOST',
  'PROTOCOL_SEQUENCE_TIMEOUT',
  'ER_CON_COUNT_ERROR',
  'ER_SERVER_SHUTDOWN',
  'ER_LOCK_WAIT_TIMEOUT',
  'ER_LOCK_DEADLOCK',
  'SQLITE_BUSY',
  'SQLITE_LOCKED',
  'ER_QUERY_INTERRUPTED',
  // PostgreSQL SQLSTATEs (node-postgres puts them in `code`): connection exceptions (class 08),
  // too many connections, lock and deadlock timeouts, statement cancelled, the server shutting down.
  '08000',
  '08001',
  '08003',
  '08004',
  '08006',
  '53300',
  '40001',
  '40P01',
  '55P03',
  '57014',
  '57P01',
  '57P02',
  '57P03',
]);

/** True for MySQL `ER_DUP_ENTRY`, SQLite unique/primary-key violations and PostgreSQL `unique_violation` (23505). */
export function isUniqueViolation(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return code === 'ER_DUP_ENTRY' || code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY' || code === '23505';
}

/** True when an error means the database is down or unreachable, not that a query was wrong. */
export function isDatabaseUnavailable(error: unknown): boolean {
  const e = error as { code?: unknown; name?: unknown; fatal?: unknown; message?: unknown } | null;
  if (!e || typeof e !== 'object') return false;
  if (e.name === 'KnexTimeoutError') return true;
  if (typeof e.code === 'string' && unavailableCodes.has(e.code)) return true;
  if (e.fatal === true) return true;
  return typeof e.message === 'string' && /Connection lost|connect ECONNREFUSED|Can't add new command when connection is in closed state|Connection terminated|not queryable/.test(e.message);
}
