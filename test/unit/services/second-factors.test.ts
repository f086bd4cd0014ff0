import { decryptWithKek } from '../../../src/crypto/key-encryption.js';
import { parseKek } from '../../../src/config/index.js';
import { SecondFactors } from '../../../src/services/second-factors.js';
import { enrolTotp, metaFrom, totpCode } from '../../helpers/second-factors.js';
import { testKek } from '../../helpers/test-database.js';
import { recentAuditEvents, registerUser, startTestServer, testClock, type TestServer } from '../../helpers/test-server.js';

const clock = testClock(Date.UTC(2026, 11, 7, 12, 0, 10));
let server: TestServer;

beforeAll(async () => {
  server = await startTestServer({ clock });
});
afterAll(() => server.close());

const meta = metaFrom('192.0.2.10');

describe('SecondFactors: TOTP enrolment', () => {
  it('keeps a new secret pending, encrypted under the KEK, until one valid code confirms it', async () => {
    const { user } = await registerUser(server.lk);
    const enrolment = await server.lk.secondFactors.beginTotp(user);
    expect(enrolment?.secret).toMatch(/^[A-Z2-7]{32}$/);
    expect(enrolment?.uri).toContain(`secret=${enrolment?.secret}`);
    const stored = await server.lk.storage.secondFactors.findTotp(user.id);
    expect(stored?.confirmedAt).toBeNull();
    expect(stored?.secretEncrypted).not.toContain(enrolment?.secret);
    expect(decryptWithKek(parseKek(testKek), stored?.secretEncrypted ?? '', `totp:${user.id}`)).toBe(enrolment?.secret);
    expect(await server.lk.secondFactors.enrolled(user.id)).toEqual({ totp: false, recoveryCodesLeft: 0, passkeys: 0 });
    expect(await server.lk.secondFactors.hasAny(user.id)).toBe(false);
    expect(await server.lk.secondFactors.pendingTotp(user)).toEqual(enrolment);
    // A pending factor is no factor at sign-in.
    expect(await server.lk.secondFactors.verify(user.id, { kind: 'totp', code: totpCode(enrolment?.secret ?? '', clock.now()) })).toBeUndefined();

    expect(await server.lk.secondFactors.confirmTotp(user.id, '000000', meta)).toEqual({ kind: 'refused' });
    const confirmed = await server.lk.secondFactors.confirmTotp(user.id, totpCode(enrolment?.secret ?? '', clock.now()), meta);
    expect(confirmed.kind).toBe('confirmed');
    expect(confirmed.kind === 'confirmed' && confirmed.recoveryCodes).toHaveLength(10);
    expect(await server.lk.secondFactors.enrolled(user.id)).toEqual({ totp: true, recoveryCodesLeft: 10, passkeys: 0 });
    expect(await server.lk.secondFactors.hasAny(user.id)).toBe(true);
    expect(await server.lk.secondFactors.pendingTotp(user)).toBeUndefined();
    // A confirmed factor is never replaced by a new enrolment, nor confirmed twice.
    expect(await server.lk.secondFactors.beginTotp(user)).toBeUndefined();
    expect(await server.lk.secondFactors.confirmTotp(user.id, totpCode(enrolment?.secret ?? '', clock.now() + 30_000), meta)).toEqual({ kind: 'refused' });
    const [event] = await recentAuditEvents(server, 1, 'user.mfa_enrolled');
    expect(event).toMatchObject({ subject: user.id, outcome: 'success' });
    expect(JSON.stringify(event)).not.toContain(enrolment?.secret);
  });

  it('restarting a pending enrolment replaces its secret', async () => {
    const { user } = await registerUser(server.lk);
    const first = await server.lk.secondFactors.beginTotp(user);
    const second = await server.lk.secondFactors.beginTotp(user);
    expect(second?.secret).not.toBe(first?.secret);
    expect(await server.lk.secondFactors.confirmTotp(user.id, totpCode(first?.secret ?? '', clock.now()), meta)).toEqual({ kind: 'refused' });
    expect((await server.lk.secondFactors.confirmTotp(user.id, totpCode(second?.secret ?? '', clock.now()), meta)).kind).toBe('confirmed');
  });

  it('the enrolment code counts as used: it cannot sign in afterwards', async () => {
    const { user } = await registerUser(server.lk);
    const { secret } = await enrolTotp(server.lk, user, clock.now());
    expect(await server.lk.secondFactors.verify(user.id, { kind: 'totp', code: totpCode(secret, clock.now()) })).toBeUndefined();
    expect(await server.lk.secondFactors.verify(user.id, { kind: 'totp', code: totpCode(secret, clock.now() + 30_000) })).toEqual({ kind: 'totp' });
  });
});

describe('SecondFactors: codes at sign-in', () => {
  it('accepts a TOTP step once, one step either side, not two (RFC 6238 §5.2)', async () => {
    const { user } = await registerUser(server.lk);
    const { secret } = await enrolTotp(server.lk, user, clock.now());
    clock.advance(60_000);
    const now = clock.now();
    expect(await server.lk.secondFactors.verify(user.id, { kind: 'totp', code: totpCode(secret, now - 60_000) })).toBeUndefined();
    expect(await server.lk.secondFactors.verify(user.id, { kind: 'totp', code: totpCode(secret, now + 60_000) })).toBeUndefined();
    expect(await server.lk.secondFactors.verify(user.id, { kind: 'totp', code: totpCode(secret, now - 30_000) })).toEqual({ kind: 'totp' });
    expect(await server.lk.secondFactors.verify(user.id, { kind: 'totp', code: totpCode(secret, now - 30_000) })).toBeUndefined();
    expect(await server.lk.secondFactors.verify(user.id, { kind: 'totp', code: totpCode(secret, now) })).toEqual({ kind: 'totp' });
    expect(await server.lk.secondFactors.verify(user.id, { kind: 'totp', code: totpCode(secret, now) })).toBeUndefined();
    // An earlier step is no use once a later one was used.
    expect(await server.lk.secondFactors.verify(user.id, { kind: 'totp', code: totpCode(secret, now - 30_000) })).toBeUndefined();
    expect(await server.lk.secondFactors.verify(user.id, { kind: 'totp', code: totpCode(secret, now + 30_000) })).toEqual({ kind: 'totp' });
    expect((await server.lk.storage.secondFactors.findTotp(user.id))?.lastUsedStep).toBe(Math.floor((now + 30_000) / 30_000));
  });

  it('accepts each recovery code once, however it is typed, and counts what is left', async () => {
    const { user } = await registerUser(server.lk);
    const { recoveryCodes } = await enrolTotp(server.lk, user, clock.now());
    const [first = '', second = ''] = recoveryCodes;
    expect(await server.lk.secondFactors.verify(user.id, { kind: 'recovery_code', code: first })).toEqual({ kind: 'recovery_code' });
    expect(await server.lk.secondFactors.verify(user.id, { kind: 'recovery_code', code: first })).toBeUndefined();
    expect(await server.lk.secondFactors.verify(user.id, { kind: 'recovery_code', code: ` ${second.toLowerCase().replace(/-/g, ' ')} ` })).toEqual({ kind: 'recovery_code' });
    expect(await server.lk.secondFactors.verify(user.id, { kind: 'recovery_code', code: 'ABCD-EFGH-JKMN' })).toBeUndefined();
    expect(await server.lk.secondFactors.verify(user.id, { kind: 'recovery_code', code: '' })).toBeUndefined();
    expect(await server.lk.secondFactors.enrolled(user.id)).toEqual({ totp: true, recoveryCodesLeft: 8, passkeys: 0 });
    // Stored as HMACs only.
    const stored = await server.lk.storage.secondFactors.unusedRecoveryCodes(user.id);
    expect(stored.every((h) => /^[0-9a-f]{64}$/.test(h))).toBe(true);
    expect(stored.some((h) => recoveryCodes.some((c) => h.includes(c.replace(/-/g, ''))))).toBe(false);
  });

  it("refuses another user's codes, and users without factors", async () => {
    const alice = await registerUser(server.lk);
    const bob = await registerUser(server.lk);
    const { secret, recoveryCodes } = await enrolTotp(server.lk, alice.user, clock.now());
    expect(await server.lk.secondFactors.verify(bob.user.id, { kind: 'totp', code: totpCode(secret, clock.now() + 30_000) })).toBeUndefined();
    expect(await server.lk.secondFactors.verify(bob.user.id, { kind: 'recovery_code', code: recoveryCodes[0] ?? '' })).toBeUndefined();
    expect(await server.lk.secondFactors.verify('no-such-user', { kind: 'recovery_code', code: recoveryCodes[0] ?? '' })).toBeUndefined();
  });

  it('regenerating replaces the whole set; removing TOTP removes the codes too', async () => {
    const { user } = await registerUser(server.lk);
    const { recoveryCodes } = await enrolTotp(server.lk, user, clock.now());
    const fresh = await server.lk.secondFactors.regenerateRecoveryCodes(user.id, meta);
    expect(fresh).toHaveLength(10);
    expect(await server.lk.secondFactors.verify(user.id, { kind: 'recovery_code', code: recoveryCodes[0] ?? '' })).toBeUndefined();
    expect(await server.lk.secondFactors.verify(user.id, { kind: 'recovery_code', code: fresh?.[0] ?? '' })).toEqual({ kind: 'recovery_code' });
    expect((await recentAuditEvents(server, 1, 'user.recovery_codes_regenerated'))[0]?.subject).toBe(user.id);

    expect(await server.lk.secondFactors.removeTotp(user.id, meta)).toBe(true);
    expect(await server.lk.secondFactors.enrolled(user.id)).toEqual({ totp: false, recoveryCodesLeft: 0, passkeys: 0 });
    expect(await server.lk.secondFactors.verify(user.id, { kind: 'recovery_code', code: fresh?.[1] ?? '' })).toBeUndefined();
    expect(await server.lk.secondFactors.removeTotp(user.id, meta)).toBe(false);
    expect(await server.lk.secondFactors.regenerateRecoveryCodes(user.id, meta)).toBeUndefined();
    expect((await recentAuditEvents(server, 1, 'user.mfa_removed'))[0]?.subject).toBe(user.id);
  });

  it('another process (its own SecondFactors on the same database) checks the same recovery codes', async () => {
    const { user } = await registerUser(server.lk);
    const { recoveryCodes } = await enrolTotp(server.lk, user, clock.now());
    const other = new SecondFactors({ storage: server.lk.storage, kek: parseKek(testKek), auditor: server.lk.auditor, now: clock.now, issuerName: 'Latchkey', webauthn: server.lk.config.webauthn });
    expect(await other.verify(user.id, { kind: 'recovery_code', code: recoveryCodes[0] ?? '' })).toEqual({ kind: 'recovery_code' });
    expect(await server.lk.secondFactors.verify(user.id, { kind: 'recovery_code', code: recoveryCodes[0] ?? '' })).toBeUndefined();
  });

  it('deleting a user deletes the factors', async () => {
    const { user, username } = await registerUser(server.lk);
    await enrolTotp(server.lk, user, clock.now());
    await server.lk.users.delete(username);
    expect(await server.lk.storage.secondFactors.findTotp(user.id)).toBeUndefined();
    expect((await server.lk.storage.secondFactors.countRecoveryCodes(user.id)).total).toBe(0);
  });
});
