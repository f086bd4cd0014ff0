/**
 * `npm run bench:password-timing`: the time the password check takes for an
 * unknown username and for a known one with a wrong password. Both verify an
 * argon2id hash (a dummy one for unknown users), so the two should match; this
 * measures the gap instead of asserting it in a test.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { loadConfig } from '../src/config/index.js';
import { composeLatchkey } from '../src/latchkey.js';
import { createLogger } from '../src/logging.js';
import { openDatabase } from '../src/store/database.js';
import { migrateToLatest } from '../src/store/migrate.js';

const rounds = Number(process.env.ROUNDS ?? 40);

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] as number;
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'latchkey-timing-'));
  const kek = randomBytes(32);
  const config = loadConfig({ NODE_ENV: 'test', DATABASE_URL: `sqlite:${join(dir, 'db.sqlite')}`, LATCHKEY_KEK: kek.toString('base64'), LATCHKEY_LOG_LEVEL: 'silent' });
  const db = openDatabase(config.databaseUrl);
  await migrateToLatest(db);
  const lk = await composeLatchkey({ config, db, logger: createLogger('silent'), kek });
  await lk.users.create({ username: 'known', password: 'the right password' });
  await lk.users.authenticate('warm-up', 'x');
  const samples: Record<'unknown user' | 'wrong password', number[]> = { 'unknown user': [], 'wrong password': [] };
  for (let i = 0; i < rounds; i++) {
    for (const [label, username] of [['unknown user', `nobody-${i}`], ['wrong password', 'known']] as const) {
      const started = process.hrtime.bigint();
      await lk.users.authenticate(username, 'a wrong password');
      samples[label].push(Number(process.hrtime.bigint() - started) / 1e6);
    }
  }
  const unknown = median(samples['unknown user']);
  const wrong = median(samples['wrong password']);
  console.log(`| case | median ms (${rounds} rounds, interleaved) |\n|---|---:|`);
  console.log(`| unknown user | ${unknown.toFixed(1)} |\n| wrong password | ${wrong.toFixed(1)} |`);
  console.log(`gap: ${(unknown - wrong).toFixed(1)} ms (${((Math.abs(unknown - wrong) / wrong) * 100).toFixed(1)} % of the wrong-password time)`);
  await db.destroy();
  rmSync(dir, { recursive: true, force: true });
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
