import argon2 from 'argon2';
import { getCurrentUser, postToken } from '../../generated/sdk.gen.js';
import * as passwords from '../../src/crypto/passwords.js';
import { jwtPayload, recentAuditEvents, registerClient, registerUser, startTestServer, type TestServer } from '../helpers/test-server.js';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server.close());

const firstParty = { grantTypes: ['password', 'refresh_token'], firstParty: true } as const;

describe('password grant (RFC 6749 §4.3)', () => {
  it('issues an access token for the user and a refresh token when the client has that grant', async () => {
    const { client, basic } = await registerClient(server.lk, { ...firstParty, grantTypes: [...firstParty.grantTypes] });
    const { user, username, password } = await registerUser(server.lk);
    const res = await postToken({ client: server.sdk, body: { grant_type: 'password', username, password, scope: 'read' }, headers: { Authorization: basic } });
    expect(res.response.status).toBe(200);
    expect(res.response.headers.get('cache-control')).toBe('no-store');
    expect(res.data?.refresh_token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(res.data?.scope).toBe('read');
    expect(jwtPayload(res.data!.access_token)).toMatchObject({ sub: user.id, client_id: client.clientId, scope: 'read' });
    const me = await getCurrentUser({ client: server.sdk, headers: { Authorization: `Bearer ${res.data!.access_token}` } });
    expect(me.data).toEqual({ id: user.id, username, name: 'Test User', email: `${username}@example.com`, scope: ['read'] });
  });

  it('issues no refresh token when the client lacks the refresh_token grant', async () => {
    const { basic } = await registerClient(server.lk, { grantTypes: ['password'], firstParty: true });
    const { username, password } = await registerUser(server.lk);
    const res = await postToken({ client: server.sdk, body: { grant_type: 'password', username, password }, headers: { Authorization: basic } });
    expect(res.response.status).toBe(200);
    expect(res.data).not.toHaveProperty('refresh_token');
  });

  it('matches usernames case-insensitively', async () => {
    const { basic } = await registerClient(server.lk, { grantTypes: ['password'], firstParty: true });
    const { username, password } = await registerUser(server.lk);
    const res = await postToken({ client: server.sdk, body: { grant_type: 'password', username: username.toUpperCase(), password }, headers: { Authorization: basic } });
    expect(res.response.status).toBe(200);
  });

  it('gives the same invalid_grant body for an unknown user and a wrong password, and audits both', async () => {
    const { client, basic } = await registerClient(server.lk, { grantTypes: ['password'], firstParty: true });
    const { username } = await registerUser(server.lk);
    const wrong = await postToken({ client: server.sdk, body: { grant_type: 'password', username, password: 'not the password' }, headers: { Authorization: basic } });
    const unknown = await postToken({ client: server.sdk, body: { grant_type: 'password', username: 'nobody-here', password: 'not the password' }, headers: { Authorization: basic } });
    for (const res of [wrong, unknown]) {
      expect(res.response.status).toBe(400);
      expect(res.response.headers.get('cache-control')).toBe('no-store');
    }
    expect(wrong.error).toEqual({ error: 'invalid_grant', error_description: 'The username or password is incorrect.' });
    expect(unknown.error).toEqual(wrong.error);
    const failures = (await recentAuditEvents(server, 20, 'user.authentication_failed')).filter((e) => e.clientId === client.clientId);
    expect(failures).toHaveLength(2);
    expect(failures.map((e) => e.detail)).toEqual([{ grant_type: 'password' }, { grant_type: 'password' }]);
    expect(JSON.stringify(failures) + server.logLines.join('')).not.toContain('not the password');
  });

  it('verifies a dummy hash for unknown users so both paths do the same work', async () => {
    const { basic } = await registerClient(server.lk, { grantTypes: ['password'], firstParty: true });
    const spy = jest.spyOn(passwords, 'verifyPassword');
    try {
      await postToken({ client: server.sdk, body: { grant_type: 'password', username: 'ghost-user', password: 'whatever1' }, headers: { Authorization: basic } });
      expect(spy).toHaveBeenCalledTimes(1);
      expect(spy.mock.calls[0]?.[0]).toBe(await passwords.dummyPasswordHash());
    } finally {
      spy.mockRestore();
    }
  });

  it('refuses disabled users', async () => {
    const { basic } = await registerClient(server.lk, { grantTypes: ['password'], firstParty: true });
    const { username, password } = await registerUser(server.lk);
    await server.lk.users.disable(username);
    const res = await postToken({ client: server.sdk, body: { grant_type: 'password', username, password }, headers: { Authorization: basic } });
    // The same answer as a wrong password: the response does not tell that the account exists.
    expect(res.error).toEqual({ error: 'invalid_grant', error_description: 'The username or password is incorrect.' });
  });

  it('refuses clients that are not first-party, even if registered for the grant', async () => {
    const { client, basic } = await registerClient(server.lk, { grantTypes: ['password'], firstParty: true });
    await server.lk.db('clients').where({ client_id: client.clientId }).update({ first_party: false });
    const { username, password } = await registerUser(server.lk);
    const res = await postToken({ client: server.sdk, body: { grant_type: 'password', username, password }, headers: { Authorization: basic } });
    expect(res.response.status).toBe(400);
    expect(res.error).toEqual({ error: 'unauthorized_client', error_description: 'The password grant is only for first-party clients.' });
  });

  it('refuses clients without the password grant with unauthorized_client', async () => {
    const { basic } = await registerClient(server.lk);
    const { username, password } = await registerUser(server.lk);
    const res = await postToken({ client: server.sdk, body: { grant_type: 'password', username, password }, headers: { Authorization: basic } });
    expect(res.error).toMatchObject({ error: 'unauthorized_client' });
  });

  it.each(['username', 'password'])('answers invalid_request when %s is missing', async (missing) => {
    const { basic } = await registerClient(server.lk, { grantTypes: ['password'], firstParty: true });
    const body: Record<string, string> = { grant_type: 'password', username: 'someone', password: 'something' };
    delete body[missing];
    const res = await postToken({ client: server.sdk, body: body as never, headers: { Authorization: basic } });
    expect(res.response.status).toBe(400);
    expect(res.error).toMatchObject({ error: 'invalid_request' });
  });

  it('re-hashes a password stored with weaker parameters on login', async () => {
    const { basic } = await registerClient(server.lk, { grantTypes: ['password'], firstParty: true });
    const { user, username, password } = await registerUser(server.lk);
    const weak = await argon2.hash(password, { type: argon2.argon2id, memoryCost: 4096, timeCost: 1, parallelism: 1 });
    await server.lk.storage.users.setPasswordHash(user.id, weak, Date.now());
    const res = await postToken({ client: server.sdk, body: { grant_type: 'password', username, password }, headers: { Authorization: basic } });
    expect(res.response.status).toBe(200);
    const stored = (await server.lk.storage.users.findById(user.id))!.passwordHash;
    expect(stored).not.toBe(weak);
    expect(stored).toMatch(/m=19456,p=1,t=2/);
  });
});
