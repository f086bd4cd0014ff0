import { atomicStepHooks, barrier } from '../helpers/atomic-step-barrier.js';
import { metaFrom } from '../helpers/second-factors.js';
import { SoftAuthenticator } from '../helpers/soft-authenticator.js';
import { onServerDatabase } from '../helpers/test-database.js';
import { registerUser, startTestServer, type TestServer } from '../helpers/test-server.js';

/**
 * One WebAuthn answer sent twice at once (a replay racing the real sign-in). Both pass the parsing and
 * are held right before the challenge is taken; then both run its one DELETE. Its row count decides:
 * exactly one goes on to the signature check and signs in. On MySQL and PostgreSQL the two deletes race
 * on two connections; on SQLite they queue on its one writer, with the same outcome.
 */
const hooks = atomicStepHooks();
let server: TestServer;

beforeAll(async () => {
  server = await startTestServer({ issuerHost: 'localhost', beforeAtomicStep: hooks.hook });
});
afterEach(() => hooks.reset());
afterAll(() => server.close());

async function userWithPasskey() {
  const { user } = await registerUser(server.lk);
  const authenticator = new SoftAuthenticator(server.issuer);
  const options = await server.lk.secondFactors.ceremonies.registrationOptions(user, `session-${user.id}`);
  const registered = await server.lk.secondFactors.registerPasskey(user, `session-${user.id}`, JSON.stringify(authenticator.create(options)), 'Key', metaFrom('192.0.2.1'));
  expect(registered.kind).toBe('registered');
  return { user, authenticator };
}

it('two concurrent uses of one passwordless assertion: exactly one signs in', async () => {
  const { user, authenticator } = await userWithPasskey();
  const boundTo = `interaction-${user.id}`;
  const assertion = JSON.stringify(authenticator.get(await server.lk.secondFactors.ceremonies.authenticationOptions(boundTo, null)));
  const parties = onServerDatabase ? 4 : 2;
  const gate = barrier(parties);
  hooks.on('webauthn_challenge.consume', () => gate.wait());
  const attempts = await Promise.all(Array.from({ length: parties }, () => server.lk.secondFactors.verifyPasskeySignIn(boundTo, assertion)));
  // All passed the parsing before any took the challenge: the race really happened.
  expect(gate.arrivedBeforeRelease).toBe(parties);
  expect(attempts.filter((a) => a.kind === 'ok')).toEqual([{ kind: 'ok', userId: user.id, factor: { kind: 'passkey', synced: false, userVerified: true } }]);
  expect(attempts.filter((a) => a.kind === 'refused').map((a) => a.kind === 'refused' && a.reason)).toEqual(Array(parties - 1).fill('challenge'));
});

it('two concurrent registrations answering one challenge: exactly one passkey is stored', async () => {
  const { user } = await registerUser(server.lk);
  const authenticator = new SoftAuthenticator(server.issuer);
  const options = await server.lk.secondFactors.ceremonies.registrationOptions(user, `session-${user.id}`);
  const first = JSON.stringify(authenticator.create(options));
  const second = JSON.stringify(authenticator.create(options));
  const gate = barrier(2);
  hooks.on('webauthn_challenge.consume', () => gate.wait());
  const results = await Promise.all([first, second].map((response) => server.lk.secondFactors.registerPasskey(user, `session-${user.id}`, response, 'Key', metaFrom('192.0.2.2'))));
  expect(gate.arrivedBeforeRelease).toBe(2);
  expect(results.map((r) => r.kind).sort()).toEqual(['refused', 'registered']);
  expect((await server.lk.secondFactors.summary(user.id)).passkeys).toHaveLength(1);
});

it('one credential registered twice at once, in two sessions: exactly one is stored', async () => {
  const { user } = await registerUser(server.lk);
  const authenticator = new SoftAuthenticator(server.issuer);
  const sessions = [`session-a-${user.id}`, `session-b-${user.id}`];
  const first = authenticator.create(await server.lk.secondFactors.ceremonies.registrationOptions(user, sessions[0]!));
  const again = authenticator.create(await server.lk.secondFactors.ceremonies.registrationOptions(user, sessions[1]!), { again: 0 });
  expect(again.id).toBe(first.id);
  const gate = barrier(2);
  hooks.on('webauthn_challenge.consume', () => gate.wait());
  const results = await Promise.all(
    [first, again].map((response, n) => server.lk.secondFactors.registerPasskey(user, sessions[n]!, JSON.stringify(response), 'Key', metaFrom('192.0.2.3'))),
  );
  expect(results.map((r) => r.kind).sort()).toEqual(['refused', 'registered']);
  expect((await server.lk.secondFactors.summary(user.id)).passkeys).toHaveLength(1);
});
