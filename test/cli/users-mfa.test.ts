import { loadConfig, parseKek } from '../../src/config/index.js';
import type { OpenedLatchkey } from '../../src/open-latchkey.js';
import { createLogger } from '../../src/logging.js';
import { openLatchkey } from '../../src/open-latchkey.js';
import { enrolTotp, metaFrom, totpCode } from '../helpers/second-factors.js';
import { testKek } from '../helpers/test-database.js';
import { cliEnv, expectOneLineError, runCli, runJson, unique } from './run-cli.js';

const env = cliEnv({ LATCHKEY_LOCKOUT_THRESHOLD: '3', LATCHKEY_LOCKOUT_RESET_S: '3600' });
let lk: OpenedLatchkey;

beforeAll(async () => {
  lk = await openLatchkey(loadConfig(env), { kek: parseKek(testKek), migrations: 'apply', logger: createLogger('silent') });
});
afterAll(() => lk.close());

async function userWithTotp() {
  const username = unique('mfa');
  const user = await lk.users.create({ username, password: 'correct horse battery staple' });
  const factors = await enrolTotp(lk, user, Date.now());
  return { user, username, ...factors };
}

describe('latchkey users show', () => {
  it('lists the second factors with their times and the recovery codes left, never a secret', async () => {
    const { user, username, secret, recoveryCodes } = await userWithTotp();
    await lk.secondFactors.verify(user.id, { kind: 'recovery_code', code: recoveryCodes[1] ?? '' });
    const shown = await runJson<Record<string, unknown>>(env, ['users', 'show', username]);
    expect(shown).toMatchObject({ id: user.id, second_factors: { totp: { enrolled_at: expect.any(Number) }, totp_pending: false, recovery_codes: { left: 9, total: 10 } } });
    const text = await runCli(env, ['users', 'show', username]);
    expect(text.status).toBe(0);
    expect(text.stdout).toMatch(/^totp: +enrolled \d{4}-\d\d-\d\dT/m);
    expect(text.stdout).toMatch(/^recovery_codes: 9 of 10 left \(made \d{4}-/m);
    for (const output of [JSON.stringify(shown), text.stdout]) {
      expect(output).not.toContain(secret);
      for (const code of recoveryCodes) expect(output).not.toContain(code);
    }
  });

  it('says so when there are none, and when an enrolment is pending', async () => {
    const username = unique('mfa');
    const user = await lk.users.create({ username, password: 'correct horse battery staple' });
    expect((await runCli(env, ['users', 'show', username])).stdout).toMatch(/^totp: +none\npasskeys: +none\nrecovery_codes: none\n$/m);
    await lk.secondFactors.beginTotp(user);
    const shown = await runJson<{ second_factors: unknown }>(env, ['users', 'show', username]);
    expect(shown.second_factors).toEqual({ totp: null, totp_pending: true, recovery_codes: { left: 0, total: 0, created_at: null }, passkeys: [] });
  });
});

describe('latchkey users reset-mfa', () => {
  it("removes every factor, ends the user's sessions and is audited", async () => {
    const { user, username, secret, recoveryCodes } = await userWithTotp();
    await lk.sessions.start(user.id, undefined, [{ kind: 'password', at: Date.now() }]);
    await lk.sessions.start(user.id, undefined, [{ kind: 'password', at: Date.now() }]);
    const reset = await runJson(env, ['users', 'reset-mfa', username]);
    expect(reset).toEqual({ id: user.id, username, totp_removed: true, passkeys_removed: 0, recovery_codes_removed: 10, sessions_ended: 2 });
    expect(await lk.secondFactors.enrolled(user.id)).toEqual({ totp: false, recoveryCodesLeft: 0, passkeys: 0 });
    expect(await lk.secondFactors.verify(user.id, { kind: 'totp', code: totpCode(secret, Date.now() + 30_000) })).toBeUndefined();
    expect(await lk.secondFactors.verify(user.id, { kind: 'recovery_code', code: recoveryCodes[0] ?? '' })).toBeUndefined();
    const [event] = await lk.storage.auditEvents.recent(1, 'user.mfa_reset');
    expect(event).toMatchObject({ subject: user.id, outcome: 'success', detail: { totp_removed: true, recovery_codes_removed: 10, sessions_ended: 2 } });
    const again = await runCli(env, ['users', 'reset-mfa', username]);
    expect(again.stdout).toBe(`Reset the second factors of ${username}: no TOTP, 0 passkey(s) and 0 recovery code(s) removed; ended 0 session(s)\n`);
  });

  it('refuses an unknown user', async () => {
    expect(expectOneLineError(await runCli(env, ['users', 'reset-mfa', unique('nobody')]), 1)).toMatch(/no such user/);
  });
});

describe('latchkey users unlock', () => {
  it('clears the failed second factors as well as the failed passwords', async () => {
    const { user, username, password, secret } = { ...(await userWithTotp()), password: 'correct horse battery staple' };
    const from = { meta: metaFrom('192.0.2.77'), clientId: null };
    for (let i = 0; i < 3; i += 1) await lk.guardedSecondFactor.verify(user.id, { kind: 'totp', code: '000000' }, from);
    for (let i = 0; i < 3; i += 1) await lk.signIns.signIn(username, 'wrong password', { ...from, via: 'login_page' });
    expect((await lk.guardedSecondFactor.verify(user.id, { kind: 'totp', code: totpCode(secret, Date.now() + 30_000) }, from)).kind).toBe('limited');
    const unlocked = await runJson(env, ['users', 'unlock', username]);
    expect(unlocked).toMatchObject({ failed_sign_ins_cleared: 3, failed_second_factors_cleared: 3, was_locked: true });
    expect((await lk.signIns.signIn(username, password, { ...from, via: 'login_page' })).kind).toBe('ok');
    expect(await lk.guardedSecondFactor.verify(user.id, { kind: 'totp', code: totpCode(secret, Date.now() + 30_000) }, from)).toEqual({ kind: 'ok', factor: { kind: 'totp' } });
  });
});
