import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../../src/config/index.js';
import { createLogger } from '../../src/logging.js';
import { openLatchkey } from '../../src/open-latchkey.js';
import { openDatabase } from '../../src/store/database.js';
import { testKek } from '../helpers/test-database.js';

const quiet = createLogger('silent');

function sqliteConfig(nodeEnv: 'test' | 'production') {
  const databaseUrl = `sqlite:${join(mkdtempSync(join(tmpdir(), 'latchkey-open-')), 'latchkey.sqlite')}`;
  return loadConfig({ NODE_ENV: nodeEnv, DATABASE_URL: databaseUrl, LATCHKEY_KEK: testKek, LATCHKEY_ISSUER: 'http://127.0.0.1:3000' });
}

describe('openLatchkey', () => {
  it('applies migrations outside production, and close() destroys the pool it opened, once', async () => {
    const lk = await openLatchkey(sqliteConfig('test'), { logger: quiet });
    expect(lk.migrated.length).toBeGreaterThan(0);
    await lk.storage.scopes.list();
    await lk.close();
    await lk.close();
    await expect(lk.db.raw('select 1')).rejects.toThrow();
  });

  it('leaves a pool it was given open', async () => {
    const config = sqliteConfig('test');
    const db = openDatabase(config.databaseUrl);
    const lk = await openLatchkey(config, { logger: quiet, db });
    await lk.close();
    await expect(db.raw('select 1')).resolves.toBeDefined();
    await db.destroy();
  });

  it('refuses a database with pending migrations in production, naming the command', async () => {
    const config = sqliteConfig('production');
    await expect(openLatchkey(config, { logger: quiet })).rejects.toThrow(/pending\): run `latchkey migrate`$/);
  });
});
