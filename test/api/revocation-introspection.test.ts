import { getCurrentUser, getData, postIntrospect, postRevoke, postToken } from '../../generated/sdk.gen.js';
import { recentAuditEvents, registerClient, registerUser, startTestServer, type TestClient, testClock, type TestServer } from '../helpers/test-server.js';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server.close());

async function userTokens(client: TestClient) {
  const { username, password, user } = await registerUser(server.lk);
  const res = await postToken({ client: server.sdk, body: { grant_type: 'password', username, password }, headers: client.basic ? { Authorization: client.basic } : undefined });
  return { access: res.data!.access_token, refresh: res.data!.refresh_token!, userId: user.id };
}

const firstParty = () => registerClient(server.lk, { grantTypes: ['password', 'refresh_token', 'client_credentials'], firstParty: true });
const introspect = (client: TestClient, token: string) => postIntrospect({ client: server.sdk, body: { token }, headers: { Authorization: client.basic } });
const revoke = (client: TestClient, token: string, hint?: string) =>
  postRevoke({ client: server.sdk, body: { token, ...(hint ? { token_type_hint: hint } : {}) }, headers: { Authorization: client.basic } });

describe('revocation (RFC 7009)', () => {
  it('revokes an access token: its jti is denied at once by /users/me, /data and introspection', async () => {
    const client = await firstParty();
    const { access } = await userTokens(client);
    expect((await getCurrentUser({ client: server.sdk, headers: { Authorization: `Bearer ${access}` } })).response.status).toBe(200);
    const res = await revoke(client, access, 'access_token');
    expect(res.response.status).toBe(200);
    expect(res.response.headers.get('cache-control')).toBe('no-store');
    for (const call of [getCurrentUser, getData]) {
      const denied = await call({ client: server.sdk, headers: { Authorization: `Bearer ${access}` } });
      expect(denied.response.status).toBe(401);
      expect(denied.response.headers.get('www-authenticate')).toMatch(/^Bearer realm="latchkey", error="invalid_token"/);
    }
    expect((await introspect(client, access)).data).toEqual({ active: false });
    const row = await server.lk.db('revoked_access_tokens').first();
    expect(row).toBeDefined();
  });

  it('revokes a refresh token with its family and the family access tokens', async () => {
    const client = await firstParty();
    const { access, refresh } = await userTokens(client);
    expect((await revoke(client, refresh)).response.status).toBe(200);
    const again = await postToken({ client: server.sdk, body: { grant_type: 'refresh_token', refresh_token: refresh }, headers: { Authorization: client.basic } });
    expect(again.error).toMatchObject({ error: 'invalid_grant' });
    expect((await getCurrentUser({ client: server.sdk, headers: { Authorization: `Bearer ${access}` } })).response.status).toBe(401);
    const audit = await recentAuditEvents(server, 10, 'token.revoked');
    expect(audit.some((e) => e.clientId === client.client.clientId)).toBe(true);
  });

  it('answers 200 for unknown and malformed tokens, whatever the hint', async () => {
    const client = await firstParty();
    for (const [token, hint] of [
      ['no-such-token', undefined],
      ['A'.repeat(43), 'refresh_token'],
      ['e30.e30.sig', 'access_token'],
      ['whatever', 'unknown_hint'],
    ] as const) {
      expect((await revoke(client, token, hint)).response.status).toBe(200);
    }
  });

  it("refuses to revoke another client's token and leaves it working", async () => {
    const owner = await firstParty();
    const other = await firstParty();
    const { access, refresh } = await userTokens(owner);
    for (const token of [access, refresh]) {
      const res = await revoke(other, token);
      expect(res.response.status).toBe(400);
      expect(res.error).toMatchObject({ error: 'unauthorized_client' });
    }
    expect((await introspect(owner, refresh)).data?.active).toBe(true);
    expect((await introspect(owner, access)).data?.active).toBe(true);
  });

  it('lets a public client revoke its own token by naming itself with client_id (§2.1)', async () => {
    const pub = await registerClient(server.lk, { grantTypes: ['password', 'refresh_token'], firstParty: true, tokenEndpointAuthMethod: 'none' });
    const { username, password } = await registerUser(server.lk);
    const tokens = await postToken({ client: server.sdk, body: { grant_type: 'password', username, password, client_id: pub.client.clientId } });
    expect(tokens.response.status).toBe(200);
    const res = await postRevoke({ client: server.sdk, body: { token: tokens.data!.refresh_token!, client_id: pub.client.clientId } });
    expect(res.response.status).toBe(200);
    const again = await postToken({ client: server.sdk, body: { grant_type: 'refresh_token', refresh_token: tokens.data!.refresh_token!, client_id: pub.client.clientId } });
    expect(again.error).toMatchObject({ error: 'invalid_grant' });
  });

  it('requires client authentication from confidential clients (401 invalid_client)', async () => {
    const client = await firstParty();
    const res = await postRevoke({ client: server.sdk, body: { token: 'x', client_id: client.client.clientId } });
    expect(res.response.status).toBe(401);
    expect(res.response.headers.get('www-authenticate')).toBe('Basic realm="latchkey"');
    expect(res.error).toMatchObject({ error: 'invalid_client' });
  });
});

describe('introspection (RFC 7662)', () => {
  it('describes an active access token to its own client', async () => {
    const client = await firstParty();
    const { access, userId } = await userTokens(client);
    const res = await introspect(client, access);
    expect(res.response.status).toBe(200);
    expect(res.response.headers.get('cache-control')).toBe('no-store');
    expect(res.data).toMatchObject({ active: true, client_id: client.client.clientId, sub: userId, iss: server.url, aud: server.url, scope: 'read write', token_type: 'Bearer' });
    expect(res.data).toHaveProperty('exp');
    expect(res.data).toHaveProperty('iat');
    expect(res.data).toHaveProperty('jti');
  });

  it('describes a refresh token to its own client only', async () => {
    const client = await firstParty();
    const rs = await registerClient(server.lk, { resourceServer: true });
    const { refresh, userId } = await userTokens(client);
    expect((await introspect(client, refresh)).data).toMatchObject({ active: true, token_type: 'refresh_token', sub: userId, client_id: client.client.clientId });
    expect((await introspect(rs, refresh)).data).toEqual({ active: false });
  });

  it('gives a resource server the details and any other client exactly {"active": false}', async () => {
    const owner = await firstParty();
    const rs = await registerClient(server.lk, { resourceServer: true });
    const stranger = await registerClient(server.lk);
    const { access } = await userTokens(owner);
    expect((await introspect(rs, access)).data).toMatchObject({ active: true, client_id: owner.client.clientId });
    expect((await introspect(stranger, access)).data).toEqual({ active: false });
  });

  it('says inactive for garbage, tampered, rotated and expired tokens', async () => {
    const client = await firstParty();
    const { access, refresh } = await userTokens(client);
    const [h, p, s] = access.split('.');
    const claims = JSON.parse(Buffer.from(p!, 'base64url').toString());
    const tampered = [h, Buffer.from(JSON.stringify({ ...claims, scope: 'admin' })).toString('base64url'), s].join('.');
    await postToken({ client: server.sdk, body: { grant_type: 'refresh_token', refresh_token: refresh }, headers: { Authorization: client.basic } });
    for (const token of ['garbage', tampered, refresh, `${h}.${p}.`]) {
      expect((await introspect(client, token)).data).toEqual({ active: false });
    }
    const clock = testClock();
    const shortLived = await startTestServer({ env: { LATCHKEY_ACCESS_TOKEN_TTL_S: '30' }, clock });
    try {
      const c = await registerClient(shortLived.lk);
      const old = await postToken({ client: shortLived.sdk, body: { grant_type: 'client_credentials' }, headers: { Authorization: c.basic } });
      expect((await postIntrospect({ client: shortLived.sdk, body: { token: old.data!.access_token }, headers: { Authorization: c.basic } })).data?.active).toBe(true);
      clock.advance(31_000);
      const res = await postIntrospect({ client: shortLived.sdk, body: { token: old.data!.access_token }, headers: { Authorization: c.basic } });
      expect(res.data).toEqual({ active: false });
    } finally {
      await shortLived.close();
    }
  });

  it('requires client authentication: public clients and missing credentials get 401 invalid_client', async () => {
    const pub = await registerClient(server.lk, { grantTypes: ['refresh_token'], tokenEndpointAuthMethod: 'none' });
    for (const headers of [undefined]) {
      const res = await postIntrospect({ client: server.sdk, body: { token: 'x', client_id: pub.client.clientId }, headers });
      expect(res.response.status).toBe(401);
      expect(res.error).toMatchObject({ error: 'invalid_client' });
    }
    const none = await postIntrospect({ client: server.sdk, body: { token: 'x' } });
    expect(none.response.status).toBe(401);
  });
});
