import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** The KEK every test uses, so that keys created in the shared MySQL test database stay readable. */
export const testKek = 'bGF0Y2hrZXktdGVzdC1rZWstMzItYnl0ZXMtbG9uZyE';

/** True when the suite runs against MySQL (`npm run test:mysql`). */
export const onMysql = (process.env.LATCHKEY_TEST_DATABASE_URL ?? '').startsWith('mysql:');

/** A database URL for one test file: the shared MySQL database, or a fresh SQLite file. */
export function testDatabaseUrl(): string {
  if (onMysql) return process.env.LATCHKEY_TEST_DATABASE_URL as string;
  return `sqlite:${join(mkdtempSync(join(tmpdir(), 'latchkey-test-')), 'latchkey.sqlite')}`;
}
