import { randomBytes } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig, parseKek } from '../../src/config/index.js';
import { encryptWithKek } from '../../src/crypto/key-encryption.js';
import { createLogger } from '../../src/logging.js';
import { openLatchkey } from '../../src/open-latchkey.js';
import { openDatabase } from '../../src/store/database.js';
import { enrolTotp, totpCode } from '../helpers/second-factors.js';
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

/** The same database, composed in this process under one KEK. */
const open = (kek: string) => openLatchkey(loadConfig({ ...env, LATCHKEY_KEK: kek }), { kek: parseKek(kek), migrations: 'apply', logger: createLogger('silent') });

let enrolled: { userId: string; secret: string; recoveryCodes: string[]; pendingUserId: string };

beforeAll(async () => {
  const lk = await open(testKek);
  try {
    const alice = await lk.users.create({ username: 'rewrap-alice', password: 'correct horse battery staple' });
    const bob = await lk.users.create({ username: 'rewrap-bob', password: 'correct horse battery staple' });
    const factors = await enrolTotp(lk, alice, Date.now());
    await lk.secondFactors.beginTotp(bob);
    enrolled = { userId: alice.id, ...factors, pendingUserId: bob.id };
  } finally {
    await lk.close();
  }
});

describe('latchkey keys rewrap', () => {
  it('re-encrypts every private key under the new KEK; the old KEK no longer opens them', async () => {
    const before = await runJson<{ kid: string }[]>(env, ['keys', 'list']);
    expect(before.length).toBeGreaterThanOrEqual(2);
    const result = await runJson<{ rewrapped: string[]; totp_secrets: number; recovery_code_secret: boolean }>(env, ['keys', 'rewrap', '--old-kek-file', files.old, '--new-kek-file', files.new]);
    expect(result.rewrapped.sort()).toEqual(before.map((k) => k.kid).sort());
    expect({ totp: result.totp_secrets, recovery: result.recovery_code_secret }).toEqual({ totp: 2, recovery: true });
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

  it('re-encrypts TOTP secrets (pending ones too) and the recovery codes\' secret: the codes work under the new KEK only', async () => {
    const lk = await open(newKek);
    try {
      expect(await lk.secondFactors.verify(enrolled.userId, { kind: 'totp', code: totpCode(enrolled.secret, Date.now() + 30_000) })).toEqual({ kind: 'totp' });
      expect(await lk.secondFactors.verify(enrolled.userId, { kind: 'recovery_code', code: enrolled.recoveryCodes[0] ?? '' })).toEqual({ kind: 'recovery_code' });
      expect(await lk.secondFactors.pendingTotp({ id: enrolled.pendingUserId, username: 'rewrap-bob' })).toBeDefined();
    } finally {
      await lk.close();
    }
    const stale = await open(testKek).catch((error: unknown) => error);
    expect(stale).toBeInstanceOf(Error);
  });

  it('writes nothing when one TOTP secret does not open: the signing keys stay as they were', async () => {
    const db = openDatabase(env.DATABASE_URL as string);
    try {
      const carol = await runJson<{ id: string }>({ ...env, LATCHKEY_KEK: newKek }, ['users', 'create', '--username', 'rewrap-carol', '--password-stdin'], 'correct horse battery staple\n');
      await db('totp_factors').insert({ user_id: carol.id, secret_encrypted: encryptWithKek(randomBytes(32), 'JBSWY3DPEHPK3PXP', `totp:${carol.id}`), created_at: Date.now() });
      const run = await runCli({ ...env, LATCHKEY_KEK: newKek }, ['keys', 'rewrap', '--old-kek-file', files.new, '--new-kek-file', files.old]);
      expect(expectOneLineError(run, 1)).toMatch(new RegExp(`the TOTP secret of user ${carol.id} does not open with the old KEK: nothing was changed`));
      expect((await runJson<unknown[]>({ ...env, LATCHKEY_KEK: newKek }, ['keys', 'list'])).length).toBeGreaterThanOrEqual(2);
      await db('totp_factors').where({ user_id: carol.id }).delete();
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
