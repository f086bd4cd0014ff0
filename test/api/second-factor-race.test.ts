import { atomicStepHooks, barrier } from '../helpers/atomic-step-barrier.js';
import { enrolTotp, metaFrom, totpCode } from '../helpers/second-factors.js';
import { onServerDatabase } from '../helpers/test-database.js';
import { registerUser, startTestServer, testClock, type TestServer } from '../helpers/test-server.js';

/**
 * Two sign-ins giving one code at once. Both pass the check (the code is right, the step or the
 * recovery code unused) and are held there until both arrived; then both run the atomic step. The
 * conditional UPDATE and its row count decide: exactly one wins. On MySQL and PostgreSQL the two
 * updates race on two connections; on SQLite they queue on its one writer, with the same outcome.
 */
const hooks = atomicStepHooks();
const clock = testClock(Date.UTC(2026, 11, 7, 14, 0, 5));
let server: TestServer;

beforeAll(async () => {
  server = await startTestServer({ clock, beforeAtomicStep: hooks.hook });
});
afterEach(() => hooks.reset());
afterAll(() => server.close());

async function enrolled() {
  const { user } = await registerUser(server.lk);
  const factors = await enrolTotp(server.lk, user, clock.now());
  clock.advance(30_000);
  return { user, ...factors };
}

const context = (n: number) => ({ meta: metaFrom(`203.0.113.${n}`), clientId: null });

it.each([['totp'], ['recovery_code']] as const)('two concurrent uses of one %s: exactly one succeeds', async (kind) => {
  const { user, secret, recoveryCodes } = await enrolled();
  const code = kind === 'totp' ? totpCode(secret, clock.now()) : (recoveryCodes[0] ?? '');
  const gate = barrier(2);
  hooks.on(kind === 'totp' ? 'totp.consume' : 'recovery_code.consume', () => gate.wait());
  const attempts = await Promise.all([1, 2].map((n) => server.lk.guardedSecondFactor.verify(user.id, { kind, code }, context(n))));
  // Both passed the check before either consumed: the race really happened.
  expect(gate.arrivedBeforeRelease).toBe(2);
  expect(attempts.map((a) => a.kind).sort()).toEqual(['ok', 'refused']);
  if (kind === 'recovery_code') expect((await server.lk.secondFactors.enrolled(user.id)).recoveryCodesLeft).toBe(9);
});

it('many concurrent uses of one TOTP code: exactly one succeeds', async () => {
  const { user, secret } = await enrolled();
  const parties = onServerDatabase ? 6 : 4;
  const gate = barrier(parties);
  hooks.on('totp.consume', () => gate.wait());
  const code = totpCode(secret, clock.now());
  const attempts = await Promise.all(Array.from({ length: parties }, (_, n) => server.lk.guardedSecondFactor.verify(user.id, { kind: 'totp', code }, context(10 + n))));
  expect(attempts.filter((a) => a.kind === 'ok')).toHaveLength(1);
});
