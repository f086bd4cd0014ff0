import { secondFactorAccountKey } from '../../../src/rate-limit/guarded-second-factor.js';
import { knexLoginFailureStore } from '../../../src/store/login-failures.js';
import { enrolTotp, metaFrom, totpCode } from '../../helpers/second-factors.js';
import { recentAuditEvents, registerUser, startTestServer, testClock, type TestServer } from '../../helpers/test-server.js';

/** 3 failures, then 60 s more per failure, at most 150 s; a per-address limit of 5 failures. */
const env = {
  LATCHKEY_LOCKOUT_THRESHOLD: '3',
  LATCHKEY_LOCKOUT_WAIT_INCREMENT_S: '60',
  LATCHKEY_LOCKOUT_MAX_WAIT_S: '150',
  LATCHKEY_LOCKOUT_RESET_S: '3600',
  LATCHKEY_RATE_LIMIT_LOGIN_IP_FAILURES: '5',
};
const clock = testClock(Date.UTC(2026, 11, 7, 13, 0, 5));
let server: TestServer;
let addressCounter = 0;

beforeAll(async () => {
  server = await startTestServer({ env, clock });
});
afterAll(() => server.close());

/** Each test from its own address, so the per-address limit only bites where a test wants it. */
function context() {
  addressCounter += 1;
  return { meta: metaFrom(`198.51.100.${addressCounter}`), clientId: null };
}

async function enrolled() {
  const registered = await registerUser(server.lk);
  const factors = await enrolTotp(server.lk, registered.user, clock.now());
  clock.advance(30_000);
  return { ...registered, ...factors };
}

describe('GuardedSecondFactor', () => {
  it('answers ok with the factor, refused for a wrong code, and audits both', async () => {
    const { user, secret, recoveryCodes } = await enrolled();
    const from = context();
    expect(await server.lk.guardedSecondFactor.verify(user.id, { kind: 'totp', code: totpCode(secret, clock.now()) }, from)).toEqual({ kind: 'ok', factor: { kind: 'totp' } });
    expect(await server.lk.guardedSecondFactor.verify(user.id, { kind: 'recovery_code', code: recoveryCodes[0] ?? '' }, from)).toEqual({ kind: 'ok', factor: { kind: 'recovery_code' } });
    expect(await server.lk.guardedSecondFactor.verify(user.id, { kind: 'totp', code: '000000' }, from)).toEqual({ kind: 'refused' });
    const [failed] = await recentAuditEvents(server, 1, 'user.second_factor_failed');
    expect(failed).toMatchObject({ subject: user.id, outcome: 'failure', ip: from.meta.ip, detail: { factor: 'totp', failures: 1 } });
    const verified = await recentAuditEvents(server, 2, 'user.second_factor_verified');
    expect(verified.map((e) => e.detail?.factor).sort()).toEqual(['recovery_code', 'totp']);
  });

  it('locks the account after the threshold, even for the right code; a success before that clears the count', async () => {
    const { user, secret } = await enrolled();
    const from = context();
    const wrong = () => server.lk.guardedSecondFactor.verify(user.id, { kind: 'totp', code: '000000' }, from);
    expect(await wrong()).toEqual({ kind: 'refused' });
    expect(await wrong()).toEqual({ kind: 'refused' });
    expect(await server.lk.guardedSecondFactor.verify(user.id, { kind: 'totp', code: totpCode(secret, clock.now()) }, from)).toEqual({ kind: 'ok', factor: { kind: 'totp' } });
    expect(await server.lk.storage.secondFactors.findTotp(user.id)).toBeDefined();
    expect(await wrong()).toEqual({ kind: 'refused' });
    expect(await wrong()).toEqual({ kind: 'refused' });
    expect(await wrong()).toEqual({ kind: 'refused' });
    clock.advance(30_000);
    expect(await server.lk.guardedSecondFactor.verify(user.id, { kind: 'totp', code: totpCode(secret, clock.now()) }, context())).toEqual({ kind: 'limited', retryAfterS: 30 });
    expect((await recentAuditEvents(server, 1, 'user.locked_out'))[0]).toMatchObject({ subject: user.id, detail: { via: 'second_factor', failures: 3, locked_for_s: 60 } });
    clock.advance(31_000);
    expect(await server.lk.guardedSecondFactor.verify(user.id, { kind: 'totp', code: totpCode(secret, clock.now()) }, context())).toEqual({ kind: 'ok', factor: { kind: 'totp' } });
  });

  it('counts apart from passwords: a password lockout leaves the second factor alone, and the other way round', async () => {
    const { user, username, password, secret } = await enrolled();
    const signIn = (pw: string) => server.lk.signIns.signIn(username, pw, { ...context(), via: 'login_page' });
    for (let i = 0; i < 3; i += 1) expect((await signIn('wrong password')).kind).toBe('refused');
    expect((await signIn(password)).kind).toBe('limited');
    expect(await server.lk.guardedSecondFactor.verify(user.id, { kind: 'totp', code: totpCode(secret, clock.now()) }, context())).toEqual({ kind: 'ok', factor: { kind: 'totp' } });

    const other = await enrolled();
    for (let i = 0; i < 3; i += 1) await server.lk.guardedSecondFactor.verify(other.user.id, { kind: 'totp', code: '000000' }, context());
    expect((await server.lk.guardedSecondFactor.verify(other.user.id, { kind: 'totp', code: totpCode(other.secret, clock.now()) }, context())).kind).toBe('limited');
    expect((await server.lk.signIns.signIn(other.username, other.password, { ...context(), via: 'login_page' })).kind).toBe('ok');
  });

  it('unlock forgets the failed second factors (and says whether the account was locked)', async () => {
    const { user, secret } = await enrolled();
    for (let i = 0; i < 3; i += 1) await server.lk.guardedSecondFactor.verify(user.id, { kind: 'recovery_code', code: 'AAAA-BBBB-CCCC' }, context());
    expect(await knexLoginFailureStore(server.lk.db).find(secondFactorAccountKey(user.id))).toMatchObject({ failures: 3 });
    expect(await server.lk.guardedSecondFactor.unlock(user.id)).toEqual({ failures: 3, wasLocked: true });
    expect(await server.lk.guardedSecondFactor.verify(user.id, { kind: 'totp', code: totpCode(secret, clock.now()) }, context())).toEqual({ kind: 'ok', factor: { kind: 'totp' } });
    expect(await server.lk.guardedSecondFactor.unlock(user.id)).toEqual({ failures: 0, wasLocked: false });
  });

  it('limits failures per address, whatever the accounts, and gives successes back', async () => {
    const from = context();
    // One after another: each enrolment moves the shared clock on by a step.
    const users = [await enrolled(), await enrolled(), await enrolled()] as const;
    expect((await server.lk.guardedSecondFactor.verify(users[0].user.id, { kind: 'totp', code: totpCode(users[0].secret, clock.now()) }, from)).kind).toBe('ok');
    for (let i = 0; i < 5; i += 1) expect((await server.lk.guardedSecondFactor.verify(users[i % 2 ? 1 : 2].user.id, { kind: 'totp', code: '000000' }, from)).kind).toBe('refused');
    const limited = await server.lk.guardedSecondFactor.verify(users[0].user.id, { kind: 'totp', code: totpCode(users[0].secret, clock.now() + 30_000) }, from);
    expect(limited.kind).toBe('limited');
    // The password's per-address limit is another count.
    expect((await server.lk.signIns.signIn(users[0].username, users[0].password, { ...from, via: 'login_page' })).kind).toBe('ok');
  });
});
