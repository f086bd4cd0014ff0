import { postToken } from '../../generated/sdk.gen.js';
import { hashPassword } from '../../src/crypto/passwords.js';
import { randomId } from '../../src/crypto/random.js';
import { AdminInputError } from '../../src/services/admin-errors.js';
import { registerClient, startTestServer, type TestServer } from '../helpers/test-server.js';

/** Servers started by a test, closed after it. */
const started: TestServer[] = [];
afterEach(async () => {
  await Promise.all(started.splice(0).map((s) => s.close()));
});

async function serverWith(env: Record<string, string> = {}): Promise<TestServer> {
  const server = await startTestServer({ env });
  started.push(server);
  return server;
}

let counter = 0;
const uniqueName = (): string => `policy-${process.pid}-${Date.now().toString(36)}-${(counter += 1)}`;

async function passwordGrant(server: TestServer, username: string, password: string): Promise<number> {
  const { basic } = await registerClient(server.lk, { grantTypes: ['password'], firstParty: true });
  const res = await postToken({ client: server.sdk, body: { grant_type: 'password', username, password, scope: 'read' }, headers: { Authorization: basic } });
  return res.response.status;
}

describe('the password policy applies where passwords are set (NIST SP 800-63B-4)', () => {
  it('refuses a new password under 15 characters by default, on create and on set-password', async () => {
    const server = await serverWith();
    const username = uniqueName();
    await expect(server.lk.users.create({ username, password: 'fourteen chars' })).rejects.toThrow(new AdminInputError('password must be at least 15 characters (a few words make a good one); it has 14'));
    await server.lk.users.create({ username, password: 'fifteen chars!!' });
    await expect(server.lk.users.setPassword(username, '12345678')).rejects.toThrow(AdminInputError);
    expect(await passwordGrant(server, username, 'fifteen chars!!')).toBe(200);
  });

  it('LATCHKEY_PASSWORD_MIN_LENGTH=8 allows 8 characters, still not a common one', async () => {
    const server = await serverWith({ LATCHKEY_PASSWORD_MIN_LENGTH: '8' });
    const username = uniqueName();
    await expect(server.lk.users.create({ username, password: 'password' })).rejects.toThrow(/common and breached/);
    await server.lk.users.create({ username, password: 'zorp-glub' });
    await expect(server.lk.users.setPassword(username, 'iloveyou')).rejects.toThrow(/common and breached/);
  });

  it('keeps existing passwords working at sign-in, however short or common', async () => {
    const server = await serverWith();
    const username = uniqueName();
    const now = Date.now();
    // A user whose password was set before the policy (8 characters and on the list).
    await server.lk.storage.users.insert({
      id: randomId(),
      username,
      passwordHash: await hashPassword('12345678'),
      name: null,
      email: null,
      emailVerified: false,
      disabledAt: null,
      createdAt: now,
      updatedAt: now,
    });
    expect(await passwordGrant(server, username, '12345678')).toBe(200);
  });
});
