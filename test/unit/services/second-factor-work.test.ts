import * as keyEncryption from '../../../src/crypto/key-encryption.js';
import * as random from '../../../src/crypto/random.js';
import * as recoveryCodes from '../../../src/crypto/recovery-codes.js';
import * as totp from '../../../src/crypto/totp.js';
import { enrolTotp, totpCode } from '../../helpers/second-factors.js';
import { registerUser, startTestServer, testClock, type TestServer } from '../../helpers/test-server.js';

/**
 * Issue 10: "timing of no such factor and wrong code is the same". Timings are not measured in tests
 * (they are noise on a shared machine); the work is: a wrong code for a user with the factor, and any
 * code for a user without it, must run the same database statements (their shape, in order) and the
 * same cryptographic steps, the same number of times. Remove the dummy secret or the dummy HMACs from
 * `services/second-factor-check.ts` and a list below differs.
 */
const clock = testClock(Date.UTC(2026, 11, 7, 16, 0, 10));
let server: TestServer;
beforeAll(async () => {
  server = await startTestServer({ clock });
});
afterAll(() => server.close());
afterEach(() => jest.restoreAllMocks());

/** The statements (values left out) and the crypto calls one check makes. */
async function workOf(check: () => Promise<unknown>): Promise<{ sql: string[]; crypto: Record<string, number> }> {
  // The audit trail is written in batches on a timer, whatever the check: its rows are not the check's work.
  await server.lk.auditor.flush();
  const sql: string[] = [];
  const listener = (query: { sql: string }) => {
    if (!/audit_events/.test(query.sql)) sql.push(query.sql.replace(/\s+/g, ' '));
  };
  const spies = {
    decryptWithKek: jest.spyOn(keyEncryption, 'decryptWithKek'),
    checkTotp: jest.spyOn(totp, 'checkTotp'),
    recoveryCodeHmac: jest.spyOn(recoveryCodes, 'recoveryCodeHmac'),
    digestsEqual: jest.spyOn(random, 'digestsEqual'),
  };
  server.lk.db.on('query', listener);
  try {
    await check();
  } finally {
    server.lk.db.off('query', listener);
  }
  const crypto = Object.fromEntries(Object.entries(spies).map(([name, spy]) => [name, spy.mock.calls.length]));
  jest.restoreAllMocks();
  return { sql, crypto };
}

async function usersWithAndWithout() {
  const { user: withFactor } = await registerUser(server.lk);
  const { secret } = await enrolTotp(server.lk, withFactor, clock.now());
  const { user: without } = await registerUser(server.lk);
  return { withFactor, without, secret };
}

it('a wrong TOTP code and a user without TOTP cost the same statements and the same checks', async () => {
  const { withFactor, without, secret } = await usersWithAndWithout();
  const wrong = totpCode(secret, clock.now() + 600_000);
  const refused = await workOf(() => server.lk.secondFactors.verify(withFactor.id, { kind: 'totp', code: wrong }));
  const none = await workOf(() => server.lk.secondFactors.verify(without.id, { kind: 'totp', code: wrong }));
  expect(refused.crypto).toEqual({ decryptWithKek: 1, checkTotp: 1, recoveryCodeHmac: 0, digestsEqual: 0 });
  expect(none).toEqual(refused);
});

it('a wrong recovery code and a user without codes cost the same statements and as many comparisons', async () => {
  const { withFactor, without } = await usersWithAndWithout();
  const refused = await workOf(() => server.lk.secondFactors.verify(withFactor.id, { kind: 'recovery_code', code: 'AAAA-BBBB-CCCC' }));
  const none = await workOf(() => server.lk.secondFactors.verify(without.id, { kind: 'recovery_code', code: 'AAAA-BBBB-CCCC' }));
  // One HMAC of the code typed, compared in constant time with all ten stored (or dummy) values.
  expect(refused.crypto).toEqual({ decryptWithKek: 0, checkTotp: 0, recoveryCodeHmac: 1, digestsEqual: 10 });
  expect(none).toEqual(refused);
});
