import { getData, postToken } from '../../generated/sdk.gen.js';
import { basicAuth, jwtHeader, jwtPayload, recentAuditEvents, registerClient, startTestServer, testClock, type TestServer } from '../helpers/test-server.js';

const clock = testClock();
let server: TestServer;
beforeAll(async () => {
  server = await startTestServer({ clock });
});
afterAll(() => server.close());

function expectNoStore(headers: Headers): void {
  expect(headers.get('cache-control')).toBe('no-store');
  expect(headers.get('pragma')).toBe('no-cache');
}

describe('client_credentials (RFC 6749 §4.4)', () => {
  it('issues an RFC 9068 access token with every required claim and no refresh token', async () => {
    const { client, basic } = await registerClient(server.lk);
    const res = await postToken({ client: server.sdk, body: { grant_type: 'client_credentials' }, headers: { Authorization: basic } });
    expect(res.response.status).toBe(200);
    expectNoStore(res.response.headers);
    const body = res.data!;
    expect(body.token_type).toBe('Bearer');
    expect(body.expires_in).toBe(900);
    expect(body.scope).toBe('read write');
    expect(body).not.toHaveProperty('refresh_token');
    const header = jwtHeader(body.access_token);
    expect(header).toMatchObject({ alg: 'ES256', typ: 'at+jwt' });
    expect(server.lk.keystore.publicJwks().map((k) => k.kid)).toContain(header.kid);
    const claims = jwtPayload(body.access_token);
    expect(claims).toMatchObject({ iss: server.url, sub: client.clientId, aud: server.url, client_id: client.clientId, scope: 'read write' });
    expect(typeof claims.jti).toBe('string');
    expect(typeof claims.grant_id).toBe('string');
    expect((claims.exp as number) - (claims.iat as number)).toBe(900);
  });

  it('grants a requested subset of the allowed scopes', async () => {
    const { basic } = await registerClient(server.lk);
    const res = await postToken({ client: server.sdk, body: { grant_type: 'client_credentials', scope: 'read' }, headers: { Authorization: basic } });
    expect(res.data?.scope).toBe('read');
    expect(jwtPayload(res.data!.access_token).scope).toBe('read');
  });

  it.each([
    ['a scope the client may not have', 'read write', 'read', 'write'],
    ['an unknown scope', 'read', 'read', 'admin'],
  ])('answers invalid_scope for %s', async (_label, _a, allowed, requested) => {
    const { basic } = await registerClient(server.lk, { scopes: allowed.split(' ') });
    const res = await postToken({ client: server.sdk, body: { grant_type: 'client_credentials', scope: requested }, headers: { Authorization: basic } });
    expect(res.response.status).toBe(400);
    expect(res.error).toMatchObject({ error: 'invalid_scope' });
    expectNoStore(res.response.headers);
  });

  it('accepts client_secret_post for a client registered with it, and refuses Basic for that client', async () => {
    const { client, secret } = await registerClient(server.lk, { tokenEndpointAuthMethod: 'client_secret_post' });
    const ok = await postToken({ client: server.sdk, body: { grant_type: 'client_credentials', client_id: client.clientId, client_secret: secret } });
    expect(ok.response.status).toBe(200);
    const wrongMethod = await postToken({ client: server.sdk, body: { grant_type: 'client_credentials' }, headers: { Authorization: basicAuth(client.clientId, secret) } });
    expect(wrongMethod.response.status).toBe(401);
    expect(wrongMethod.error).toMatchObject({ error: 'invalid_client' });
  });

  it('answers 401 invalid_client with WWW-Authenticate: Basic and the same body for a wrong secret and an unknown client', async () => {
    const { client } = await registerClient(server.lk);
    const wrong = await postToken({ client: server.sdk, body: { grant_type: 'client_credentials' }, headers: { Authorization: basicAuth(client.clientId, 'nope') } });
    const unknown = await postToken({ client: server.sdk, body: { grant_type: 'client_credentials' }, headers: { Authorization: basicAuth('no-such-client', 'nope') } });
    for (const res of [wrong, unknown]) {
      expect(res.response.status).toBe(401);
      expect(res.response.headers.get('www-authenticate')).toBe('Basic realm="latchkey"');
      expectNoStore(res.response.headers);
    }
    expect(wrong.error).toEqual(unknown.error);
    expect(wrong.error).toEqual({ error: 'invalid_client', error_description: 'Client authentication failed.' });
  });

  it('answers invalid_client when no authentication is sent', async () => {
    const res = await postToken({ client: server.sdk, body: { grant_type: 'client_credentials' } });
    expect(res.response.status).toBe(401);
    expect(res.error).toMatchObject({ error: 'invalid_client' });
  });

  it('answers invalid_request when two authentication methods are used', async () => {
    const { client, secret, basic } = await registerClient(server.lk);
    const res = await postToken({ client: server.sdk, body: { grant_type: 'client_credentials', client_id: client.clientId, client_secret: secret }, headers: { Authorization: basic } });
    expect(res.response.status).toBe(400);
    expect(res.error).toMatchObject({ error: 'invalid_request' });
  });

  it('refuses a public client with unauthorized_client even when its record lists client_credentials', async () => {
    // The CLI refuses to register such a client, so the record is written through the store (an older or
    // hand-edited database may hold one): only the grant's own check stands between it and a token.
    const { client: registered } = await registerClient(server.lk, { tokenEndpointAuthMethod: 'none', grantTypes: ['refresh_token'] });
    const client = { ...registered, clientId: `${registered.clientId}-cc`, grantTypes: ['client_credentials'] };
    await server.lk.storage.clients.insert(client);
    const res = await postToken({ client: server.sdk, body: { grant_type: 'client_credentials', client_id: client.clientId } });
    expect(res.response.status).toBe(400);
    expect(res.error).toEqual({ error: 'unauthorized_client', error_description: 'Public clients cannot use client_credentials.' });
    expect(res.data).toBeUndefined();
    expectNoStore(res.response.headers);
  });

  it('issues no token without a scope: a client registered with none gets invalid_request', async () => {
    const { basic } = await registerClient(server.lk, { scopes: [] });
    const res = await postToken({ client: server.sdk, body: { grant_type: 'client_credentials' }, headers: { Authorization: basic } });
    expect(res.response.status).toBe(400);
    expect(res.error).toEqual({ error: 'invalid_request', error_description: 'The client has no scopes to grant.' });
    expect(res.data).toBeUndefined();
  });

  it('refuses a client not registered for the grant with unauthorized_client', async () => {
    const { basic } = await registerClient(server.lk, { grantTypes: ['password', 'refresh_token'], firstParty: true });
    const res = await postToken({ client: server.sdk, body: { grant_type: 'client_credentials' }, headers: { Authorization: basic } });
    expect(res.response.status).toBe(400);
    expect(res.error).toMatchObject({ error: 'unauthorized_client' });
  });

  it('answers unsupported_grant_type for an unknown grant and invalid_request for a missing one', async () => {
    const { basic } = await registerClient(server.lk);
    const unknown = await postToken({ client: server.sdk, body: { grant_type: 'urn:example:magic' } as never, headers: { Authorization: basic } });
    expect(unknown.response.status).toBe(400);
    expect(unknown.error).toMatchObject({ error: 'unsupported_grant_type' });
    const missing = await postToken({ client: server.sdk, body: {} as never, headers: { Authorization: basic } });
    expect(missing.response.status).toBe(400);
    expect(missing.error).toMatchObject({ error: 'invalid_request' });
  });

  it('ignores unknown parameters (RFC 6749 §3.2)', async () => {
    const { basic } = await registerClient(server.lk);
    const res = await postToken({ client: server.sdk, body: { grant_type: 'client_credentials', foo: 'bar' } as never, headers: { Authorization: basic } });
    expect(res.response.status).toBe(200);
  });

  it('issues tokens that the example API accepts', async () => {
    const { client, basic } = await registerClient(server.lk);
    const token = await postToken({ client: server.sdk, body: { grant_type: 'client_credentials', scope: 'read' }, headers: { Authorization: basic } });
    const data = await getData({ client: server.sdk, headers: { Authorization: `Bearer ${token.data!.access_token}` } });
    expect(data.response.status).toBe(200);
    expect(data.data?.requested_by).toEqual({ client_id: client.clientId, sub: client.clientId });
  });

  it('accepts the previous secret during a rotation overlap and refuses it once the overlap has expired', async () => {
    const { client, secret } = await registerClient(server.lk);
    const rotated = await server.lk.clients.rotateSecret(client.clientId, 60);
    const statusWith = async (s: string) =>
      (await postToken({ client: server.sdk, body: { grant_type: 'client_credentials' }, headers: { Authorization: basicAuth(client.clientId, s) } })).response.status;
    expect(await statusWith(secret)).toBe(200);
    expect(await statusWith(rotated.clientSecret!)).toBe(200);
    clock.advance(60_000 - 1);
    expect(await statusWith(secret)).toBe(200);
    // The overlap ends at rotation + 60 s: from that millisecond on, only the new secret works.
    clock.advance(1);
    expect(await statusWith(secret)).toBe(401);
    expect(await statusWith(rotated.clientSecret!)).toBe(200);
  });

  it('refuses the previous secret at once after a rotation without overlap', async () => {
    const { client, secret } = await registerClient(server.lk);
    const rotated = await server.lk.clients.rotateSecret(client.clientId, 0);
    const old = await postToken({ client: server.sdk, body: { grant_type: 'client_credentials' }, headers: { Authorization: basicAuth(client.clientId, secret) } });
    expect(old.response.status).toBe(401);
    const current = await postToken({ client: server.sdk, body: { grant_type: 'client_credentials' }, headers: { Authorization: basicAuth(client.clientId, rotated.clientSecret!) } });
    expect(current.response.status).toBe(200);
  });

  it('records issued tokens and failed client authentication in the audit log without secrets', async () => {
    const { client, secret, basic } = await registerClient(server.lk);
    await postToken({ client: server.sdk, body: { grant_type: 'client_credentials' }, headers: { Authorization: basic } });
    await postToken({ client: server.sdk, body: { grant_type: 'client_credentials' }, headers: { Authorization: basicAuth(client.clientId, 'wrong-secret') } });
    const events = await recentAuditEvents(server, 50);
    const mine = events.filter((e) => e.clientId === client.clientId);
    // Newest first: the CLI-style registration (no request behind it), then the two requests.
    expect(mine.map((e) => e.event).reverse()).toEqual(['client.created', 'token.issued', 'client.authentication_failed']);
    expect(mine.filter((e) => e.event !== 'client.created').every((e) => e.ip && e.requestId)).toBe(true);
    const everything = JSON.stringify(events) + server.logLines.join('');
    expect(everything).not.toContain(secret);
    expect(everything).not.toContain('wrong-secret');
  });
});
