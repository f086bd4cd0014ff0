import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** The KEK every test uses, so that keys created in the shared server test database stay readable. */
export const testKek = 'bGF0Y2hrZXktdGVzdC1rZWstMzItYnl0ZXMtbG9uZyE';

const sharedUrl = process.env.LATCHKEY_TEST_DATABASE_URL ?? '';

/** True when the suite runs against MySQL (`npm run test:mysql`). */
export const onMysql = sharedUrl.startsWith('mysql:');

/** True when the suite runs against PostgreSQL (`npm run test:postgres`). */
export const onPostgres = sharedUrl.startsWith('postgres:') || sharedUrl.startsWith('postgresql:');

/**
 * True on a database server (MySQL or PostgreSQL): one database shared by every test file and run,
 * reached over TCP, with real concurrent transactions; SQLite is a fresh file per test file with one writer.
 */
export const onServerDatabase = onMysql || onPostgres;

/** A database URL for one test file: the shared server database, or a fresh SQLite file. */
export function testDatabaseUrl(): string {
  if (onServerDatabase) return sharedUrl;
  return `sqlite:${join(mkdtempSync(join(tmpdir(), 'latchkey-test-')), 'latchkey.sqlite')}`;
}

/** The TCP port of the shared server database, its dialect's default when the URL names none. */
export function serverDatabasePort(url: URL): number {
  return Number(url.port || (onPostgres ? 5432 : 3306));
}
