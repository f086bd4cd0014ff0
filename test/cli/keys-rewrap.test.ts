import { randomBytes } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase } from '../../src/store/database.js';
import { testKek } from '../helpers/test-database.js';
import { cliEnv, expectOneLineError, runCli, runJson } from './run-cli.js';

// Re-encrypting keys changes them for every reader of the database, so this runs on its own SQLite file even in the MySQL run.
const dir = mkdtempSync(join(tmpdir(), 'latchkey-rewrap-'));
const env = cliEnv({ DATABASE_URL: `sqlite:${join(dir, 'db.sqlite')}` });
const newKek = randomBytes(32).toString('base64');
const files = { old: join(dir, 'old-kek'), new: join(dir, 'new-kek'), wrong: join(dir, 'wrong-kek') };
writeFileSync(files.old, testKek);
writeFileSync(files.new, newKek);
writeFileSync(files.wrong, randomBytes(32).toString('base64'));

describe('latchkey keys rewrap', () => {
  it('re-encrypts every private key under the new KEK; the old KEK no longer opens them', async () => {
    const before = await runJson<{ kid: string }[]>(env, ['keys', 'list']);
    expect(before.length).toBeGreaterThanOrEqual(2);
    const result = await runJson<{ rewrapped: string[] }>(env, ['keys', 'rewrap', '--old-kek-file', files.old, '--new-kek-file', files.new]);
    expect(result.rewrapped.sort()).toEqual(before.map((k) => k.kid).sort());
    const withNew = await runJson<{ kid: string }[]>({ ...env, LATCHKEY_KEK: newKek }, ['keys', 'list']);
    expect(withNew.map((k) => k.kid).sort()).toEqual(before.map((k) => k.kid).sort());
    const withOld = await runCli(env, ['keys', 'list', '--json']);
    expect(expectOneLineError(withOld, 1)).toMatch(/^latchkey: LATCHKEY_KEK: does not decrypt the stored signing keys \(key [^)]+\).*`latchkey keys rewrap/);
    const db = openDatabase(env.DATABASE_URL as string);
    try {
      const audited = await db('audit_events').where({ event: 'signing_keys.rewrapped' }).select('outcome', 'detail');
      expect(audited.map((row: { outcome: string; detail: string }) => ({ outcome: row.outcome, kids: (JSON.parse(row.detail) as { kids: string[] }).kids.sort() }))).toEqual([
        { outcome: 'success', kids: before.map((k) => k.kid).sort() },
      ]);
    } finally {
      await db.destroy();
    }
  });

  it('changes nothing when the old KEK is wrong', async () => {
    const run = await runCli({ ...env, LATCHKEY_KEK: newKek }, ['keys', 'rewrap', '--old-kek-file', files.wrong, '--new-kek-file', files.old]);
    expect(expectOneLineError(run, 1)).toMatch(/does not open with the old KEK: nothing was changed/);
    expect((await runJson<unknown[]>({ ...env, LATCHKEY_KEK: newKek }, ['keys', 'list'])).length).toBeGreaterThanOrEqual(2);
  });

  it('needs both KEK files', async () => {
    expectOneLineError(await runCli(env, ['keys', 'rewrap', '--old-kek-file', files.old]), 2);
  });
});
