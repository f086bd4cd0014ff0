import { createHash } from 'node:crypto';
import { createLocalJWKSet, decodeProtectedHeader, jwtVerify } from 'jose';
import { getCurrentUser, getJwks, getUserinfo, postIntrospect, postToken } from '../../generated/sdk.gen.js';
import { atomicStepHooks, barrier } from '../helpers/atomic-step-barrier.js';
import { codeFrom, pkcePair, redeemCode, signInAndAuthorize } from '../helpers/browser-flow.js';
import { recentAuditEvents, registerClient, registerUser, startTestServer, type TestClient, testClock, type TestServer } from '../helpers/test-server.js';

const CB = 'https://app.example.com/cb';
const clock = testClock();
const hooks = atomicStepHooks();
let server: TestServer;
beforeAll(async () => {
  server = await startTestServer({ clock, beforeAtomicStep: hooks.hook });
});
afterEach(() => hooks.reset());
afterAll(() => server.close());

type User = Awaited<ReturnType<typeof registerUser>>;

function codeClient(input: Parameters<typeof registerClient>[1] = {}): Promise<TestClient> {
  return registerClient(server.lk, {
    clientName: 'Code client',
    grantTypes: ['authorization_code', 'refresh_token'],
    scopes: ['openid', 'profile', 'email', 'offline_access', 'read', 'write'],
    redirectUris: [CB],
    firstParty: true,
    ...input,
  });
}

/** Signs `user` in for `client` and returns the code, the verifier and the request parameters. */
async function issueCode(client: TestClient, user: User, params: Record<string, string | undefined> = {}) {
  const result = await signInAndAuthorize(server, { client, user, params: { scope: 'openid offline_access read', nonce: 'n-0S6_WzA2Mj', ...params } });
  return { code: codeFrom(result), verifier: result.verifier, result };
}

function sha256(value: string): string {
  return createHash('sha256').update(value).digest('hex');
}

async function introspectActive(client: TestClient, token: string): Promise<boolean> {
  const res = await postIntrospect({ client: server.sdk, body: { token }, headers: { Authorization: client.basic } });
  expect(res.response.status).toBe(200);
  return res.data!.active;
}

function expectTokenError(res: Awaited<ReturnType<typeof redeemCode>>, error: string, description?: string): void {
  expect(res.response.status).toBe(400);
  expect(res.response.headers.get('content-type')).toMatch(/^application\/json/);
  expect(res.response.headers.get('cache-control')).toBe('no-store');
  expect(res.error).toMatchObject({ error, ...(description ? { error_description: description } : {}) });
  expect(res.data).toBeUndefined();
}

describe('authorization codes (RFC 6749 §4.1.2, §4.1.3; RFC 9700 §4.5)', () => {
  it('are single use: a second redemption is invalid_grant and revokes every token of the first at once', async () => {
    const client = await codeClient();
    const user = await registerUser(server.lk);
    const { code, verifier } = await issueCode(client, user);
    const first = await redeemCode(server, client, { code, redirect_uri: CB, code_verifier: verifier });
    expect(first.response.status).toBe(200);
    expect(first.response.headers.get('cache-control')).toBe('no-store');
    const { access_token: access, refresh_token: refresh } = first.data!;
    expect(refresh).toBeDefined();
    const bearer = { Authorization: `Bearer ${access}` };
    expect((await getUserinfo({ client: server.sdk, headers: bearer })).response.status).toBe(200);
    expect((await getCurrentUser({ client: server.sdk, headers: bearer })).response.status).toBe(200);

    const second = await redeemCode(server, client, { code, redirect_uri: CB, code_verifier: verifier });
    expectTokenError(second, 'invalid_grant', 'The authorization code was already used.');

    const userinfo = await getUserinfo({ client: server.sdk, headers: bearer });
    expect(userinfo.response.status).toBe(401);
    expect(userinfo.response.headers.get('www-authenticate')).toContain('error="invalid_token"');
    const me = await getCurrentUser({ client: server.sdk, headers: bearer });
    expect(me.response.status).toBe(401);
    expect(me.response.headers.get('www-authenticate')).toContain('error="invalid_token"');
    expect(await introspectActive(client, access)).toBe(false);
    expect(await introspectActive(client, refresh!)).toBe(false);
    const refreshed = await postToken({ client: server.sdk, body: { grant_type: 'refresh_token', refresh_token: refresh! }, headers: { Authorization: client.basic } });
    expect(refreshed.response.status).toBe(400);
    expect(refreshed.error).toMatchObject({ error: 'invalid_grant' });
    const audit = await recentAuditEvents(server, 200, 'authorization_code.reuse_detected');
    expect(audit.some((e) => e.clientId === client.client.clientId && e.subject === user.user.id)).toBe(true);
  });

  it('revokes the access token of a reused code for a client without refresh tokens too', async () => {
    const client = await codeClient({ grantTypes: ['authorization_code'] });
    const user = await registerUser(server.lk);
    const { code, verifier } = await issueCode(client, user, { scope: 'openid read' });
    const first = await redeemCode(server, client, { code, redirect_uri: CB, code_verifier: verifier });
    expect(first.data?.refresh_token).toBeUndefined();
    expectTokenError(await redeemCode(server, client, { code, redirect_uri: CB, code_verifier: verifier }), 'invalid_grant');
    const me = await getCurrentUser({ client: server.sdk, headers: { Authorization: `Bearer ${first.data!.access_token}` } });
    expect(me.response.status).toBe(401);
    expect(await introspectActive(client, first.data!.access_token)).toBe(false);
  });

  it('redeems a code exactly once under concurrent requests, and the winner is revoked as a replay', async () => {
    const client = await codeClient();
    const user = await registerUser(server.lk);
    const { code, verifier } = await issueCode(client, user);
    // Every request reads the code as unused before any consumes it: only the atomic consume() can pick the winner.
    const gate = barrier(3);
    hooks.on('authorization_code.consume', () => gate.wait());
    const results = await Promise.all(Array.from({ length: 3 }, () => redeemCode(server, client, { code, redirect_uri: CB, code_verifier: verifier })));
    expect(gate.arrivedBeforeRelease).toBe(3);
    const winners = results.filter((r) => r.response.status === 200);
    expect(winners).toHaveLength(1);
    for (const loser of results.filter((r) => r.response.status !== 200)) expectTokenError(loser, 'invalid_grant');
    expect(await introspectActive(client, winners[0]!.data!.access_token)).toBe(false);
  });

  it('are bound to the client: another client gets invalid_grant and the rightful client still can redeem', async () => {
    const client = await codeClient();
    const thief = await codeClient();
    const user = await registerUser(server.lk);
    const { code, verifier } = await issueCode(client, user);
    expectTokenError(await redeemCode(server, thief, { code, redirect_uri: CB, code_verifier: verifier }), 'invalid_grant');
    const rightful = await redeemCode(server, client, { code, redirect_uri: CB, code_verifier: verifier });
    expect(rightful.response.status).toBe(200);
    // The thief's attempt did not count as a reuse.
    expect(await introspectActive(client, rightful.data!.access_token)).toBe(true);
  });

  it('are bound to the client for public clients as well', async () => {
    const client = await codeClient({ tokenEndpointAuthMethod: 'none' });
    const thief = await codeClient({ tokenEndpointAuthMethod: 'none' });
    const user = await registerUser(server.lk);
    const { code, verifier } = await issueCode(client, user);
    expectTokenError(await redeemCode(server, thief, { code, redirect_uri: CB, code_verifier: verifier }), 'invalid_grant');
    expect((await redeemCode(server, client, { code, redirect_uri: CB, code_verifier: verifier })).response.status).toBe(200);
  });

  it('are bound to the exact redirect_uri: a different one at the token endpoint is invalid_grant', async () => {
    const client = await codeClient({ redirectUris: [CB, 'https://app.example.com/other'] });
    const user = await registerUser(server.lk);
    const { code, verifier } = await issueCode(client, user);
    for (const other of ['https://app.example.com/other', `${CB}?x=1`, `${CB}/`]) {
      expectTokenError(await redeemCode(server, client, { code, redirect_uri: other, code_verifier: verifier }), 'invalid_grant', 'redirect_uri does not match the authorization request.');
    }
  });

  it('need redirect_uri at the token endpoint when the authorization request had one', async () => {
    const client = await codeClient();
    const user = await registerUser(server.lk);
    const { code, verifier } = await issueCode(client, user);
    expectTokenError(await redeemCode(server, client, { code, code_verifier: verifier }), 'invalid_grant', 'redirect_uri does not match the authorization request.');
  });

  it('do not need redirect_uri at the token endpoint when the authorization request had none', async () => {
    const client = await codeClient();
    const user = await registerUser(server.lk);
    const { code, verifier } = await issueCode(client, user, { redirect_uri: undefined });
    expect((await redeemCode(server, client, { code, code_verifier: verifier })).response.status).toBe(200);
    const other = await issueCode(client, user, { redirect_uri: undefined });
    expect((await redeemCode(server, client, { code: other.code, redirect_uri: CB, code_verifier: other.verifier })).response.status).toBe(200);
    const third = await issueCode(client, user, { redirect_uri: undefined });
    expectTokenError(await redeemCode(server, client, { code: third.code, redirect_uri: `${CB}/x`, code_verifier: third.verifier }), 'invalid_grant');
  });

  it('expire after 60 seconds', async () => {
    const client = await codeClient();
    const user = await registerUser(server.lk);
    const fresh = await issueCode(client, user);
    const stale = await issueCode(client, user);
    clock.advance(59_000);
    expect((await redeemCode(server, client, { code: fresh.code, redirect_uri: CB, code_verifier: fresh.verifier })).response.status).toBe(200);
    clock.advance(2_000);
    expectTokenError(await redeemCode(server, client, { code: stale.code, redirect_uri: CB, code_verifier: stale.verifier }), 'invalid_grant', 'The authorization code has expired.');
  });

  it('are stored only as SHA-256 hashes and carry at least 256 bits', async () => {
    const client = await codeClient();
    const user = await registerUser(server.lk);
    const { code } = await issueCode(client, user);
    expect(code).toMatch(/^[A-Za-z0-9_-]{43,}$/);
    expect(Buffer.from(code, 'base64url').length).toBeGreaterThanOrEqual(32);
    const rows: Record<string, unknown>[] = await server.lk.db('authorization_codes').where({ client_id: client.client.clientId });
    expect(rows).toHaveLength(1);
    expect(rows[0]!.code_hash).toBe(sha256(code));
    expect(JSON.stringify(rows)).not.toContain(code);
  });

  it('are different each time', async () => {
    const client = await codeClient();
    const user = await registerUser(server.lk);
    const a = await issueCode(client, user);
    const b = await issueCode(client, user);
    expect(a.code).not.toBe(b.code);
  });

  it('answer invalid_grant for an unknown code and invalid_request for a missing one', async () => {
    const client = await codeClient();
    expectTokenError(await redeemCode(server, client, { code: 'A'.repeat(43), redirect_uri: CB, code_verifier: pkcePair().verifier }), 'invalid_grant');
    const missing = await postToken({ client: server.sdk, body: { grant_type: 'authorization_code', redirect_uri: CB } as never, headers: { Authorization: client.basic } });
    expect(missing.response.status).toBe(400);
    expect(missing.error).toMatchObject({ error: 'invalid_request' });
  });

  it('refuse a client without the authorization_code grant at the token endpoint', async () => {
    const client = await codeClient();
    const other = await registerClient(server.lk, { grantTypes: ['client_credentials'], scopes: ['read'] });
    const user = await registerUser(server.lk);
    const { code, verifier } = await issueCode(client, user);
    const res = await redeemCode(server, other, { code, redirect_uri: CB, code_verifier: verifier });
    expect(res.response.status).toBe(400);
    expect(res.error).toMatchObject({ error: 'unauthorized_client' });
  });
});

describe('PKCE at the token endpoint (RFC 7636 §4.5, §4.6)', () => {
  it('answers invalid_grant for a missing verifier', async () => {
    const client = await codeClient();
    const { code } = await issueCode(client, await registerUser(server.lk));
    expectTokenError(await redeemCode(server, client, { code, redirect_uri: CB }), 'invalid_grant', 'code_verifier is required.');
  });

  it('answers invalid_grant for a wrong verifier', async () => {
    const client = await codeClient();
    const { code } = await issueCode(client, await registerUser(server.lk));
    expectTokenError(await redeemCode(server, client, { code, redirect_uri: CB, code_verifier: pkcePair().verifier }), 'invalid_grant', 'code_verifier does not match code_challenge.');
  });

  it('answers invalid_grant when the challenge itself is sent as the verifier (plain)', async () => {
    const client = await codeClient();
    const pair = pkcePair();
    const { code } = await issueCode(client, await registerUser(server.lk), { code_challenge: pair.challenge, code_challenge_method: 'S256' });
    expectTokenError(await redeemCode(server, client, { code, redirect_uri: CB, code_verifier: pair.challenge }), 'invalid_grant');
    expect((await redeemCode(server, client, { code, redirect_uri: CB, code_verifier: pair.verifier })).response.status).toBe(200);
  });

  it.each([
    ['too short (42)', 'a'.repeat(42)],
    ['too long (129)', 'a'.repeat(129)],
    ['a space', `${'a'.repeat(42)} `],
    ['a plus', `${'a'.repeat(42)}+`],
    ['a slash', `${'a'.repeat(42)}/`],
    ['padding', `${'a'.repeat(42)}=`],
    ['non-ASCII', `${'a'.repeat(42)}é`],
  ])('answers invalid_request for a verifier with %s', async (_what, verifier) => {
    const client = await codeClient();
    const { code } = await issueCode(client, await registerUser(server.lk));
    expectTokenError(await redeemCode(server, client, { code, redirect_uri: CB, code_verifier: verifier }), 'invalid_request', 'code_verifier must be 43-128 unreserved characters.');
  });

  it.each([43, 128])('accepts a verifier of %i unreserved characters', async (length) => {
    const client = await codeClient();
    const verifier = 'aZ0-._~'.repeat(20).slice(0, length);
    const challenge = createHash('sha256').update(verifier).digest('base64url');
    const { code } = await issueCode(client, await registerUser(server.lk), { code_challenge: challenge, code_challenge_method: 'S256' });
    expect((await redeemCode(server, client, { code, redirect_uri: CB, code_verifier: verifier })).response.status).toBe(200);
  });

  it('answers invalid_grant for a verifier sent with a code issued without a challenge (downgrade)', async () => {
    const client = await codeClient({ pkceOptional: true });
    const user = await registerUser(server.lk);
    const { code, verifier } = await issueCode(client, user, { code_challenge: undefined, code_challenge_method: undefined });
    expect(verifier).toBeUndefined();
    expectTokenError(await redeemCode(server, client, { code, redirect_uri: CB, code_verifier: pkcePair().verifier }), 'invalid_grant', 'code_verifier sent for a request without code_challenge.');
    const withoutPkce = await issueCode(client, user, { code_challenge: undefined, code_challenge_method: undefined });
    expect((await redeemCode(server, client, { code: withoutPkce.code, redirect_uri: CB })).response.status).toBe(200);
  });

  it('still enforces a challenge sent by a pkceOptional client', async () => {
    const client = await codeClient({ pkceOptional: true });
    const { code } = await issueCode(client, await registerUser(server.lk));
    expectTokenError(await redeemCode(server, client, { code, redirect_uri: CB }), 'invalid_grant', 'code_verifier is required.');
  });
});

describe('OpenID Connect: ID tokens and refresh tokens from the code flow', () => {
  async function verifyIdToken(idToken: string, client: TestClient, alg: 'RS256' | 'ES256') {
    const jwks = await getJwks({ client: server.sdk });
    return jwtVerify(idToken, createLocalJWKSet(jwks.data! as never), {
      issuer: server.url,
      audience: client.client.clientId,
      algorithms: [alg],
      currentDate: new Date(clock.now()),
    });
  }

  it('returns an RS256 ID token by default with every required claim and a correct at_hash', async () => {
    const client = await codeClient();
    const user = await registerUser(server.lk);
    const loginAt = Math.floor(clock.now() / 1000);
    const { code, verifier } = await issueCode(client, user, { scope: 'openid profile', nonce: 'nonce-123' });
    const token = await redeemCode(server, client, { code, redirect_uri: CB, code_verifier: verifier });
    expect(token.response.status).toBe(200);
    const { id_token: idToken, access_token: access } = token.data!;
    expect(idToken).toBeDefined();
    expect(decodeProtectedHeader(idToken!)).toMatchObject({ alg: 'RS256', typ: 'JWT', kid: expect.any(String) });
    const { payload } = await verifyIdToken(idToken!, client, 'RS256');
    const now = Math.floor(clock.now() / 1000);
    const digest = createHash('sha256').update(access).digest();
    expect(payload).toEqual({
      iss: server.url,
      sub: user.user.id,
      aud: client.client.clientId,
      azp: client.client.clientId,
      iat: now,
      exp: expect.any(Number),
      auth_time: loginAt,
      nonce: 'nonce-123',
      at_hash: digest.subarray(0, 16).toString('base64url'),
      acr: 'urn:latchkey:acr:pwd',
      amr: ['pwd'],
    });
    expect(payload.exp! - payload.iat!).toBeGreaterThan(0);
    await expect(verifyIdToken(idToken!, client, 'ES256')).rejects.toThrow();
  });

  it('returns an ES256 ID token for a client registered with ES256', async () => {
    const client = await codeClient({ idTokenSignedResponseAlg: 'ES256' });
    const user = await registerUser(server.lk);
    const { code, verifier } = await issueCode(client, user, { scope: 'openid' });
    const token = await redeemCode(server, client, { code, redirect_uri: CB, code_verifier: verifier });
    const idToken = token.data!.id_token!;
    expect(decodeProtectedHeader(idToken).alg).toBe('ES256');
    const { payload } = await verifyIdToken(idToken, client, 'ES256');
    expect(payload).toMatchObject({ sub: user.user.id, aud: client.client.clientId, amr: ['pwd'] });
    const digest = createHash('sha256').update(token.data!.access_token).digest();
    expect(payload.at_hash).toBe(digest.subarray(0, 16).toString('base64url'));
  });

  it('leaves nonce out of the ID token when none was sent', async () => {
    const client = await codeClient();
    const { code, verifier } = await issueCode(client, await registerUser(server.lk), { scope: 'openid', nonce: undefined });
    const token = await redeemCode(server, client, { code, redirect_uri: CB, code_verifier: verifier });
    const { payload } = await verifyIdToken(token.data!.id_token!, client, 'RS256');
    expect(payload).not.toHaveProperty('nonce');
  });

  it('returns no ID token without openid', async () => {
    const client = await codeClient();
    const { code, verifier } = await issueCode(client, await registerUser(server.lk), { scope: 'read' });
    const token = await redeemCode(server, client, { code, redirect_uri: CB, code_verifier: verifier });
    expect(token.response.status).toBe(200);
    expect(token.data!.id_token).toBeUndefined();
  });

  it('issues a refresh token with openid only when offline_access is granted', async () => {
    const client = await codeClient();
    const user = await registerUser(server.lk);
    const online = await issueCode(client, user, { scope: 'openid read' });
    const a = await redeemCode(server, client, { code: online.code, redirect_uri: CB, code_verifier: online.verifier });
    expect(a.response.status).toBe(200);
    expect(a.data!.refresh_token).toBeUndefined();
    expect(a.data!.scope).toBe('openid read');
    const offline = await issueCode(client, user, { scope: 'openid offline_access read' });
    const b = await redeemCode(server, client, { code: offline.code, redirect_uri: CB, code_verifier: offline.verifier });
    expect(b.data!.refresh_token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const refreshed = await postToken({ client: server.sdk, body: { grant_type: 'refresh_token', refresh_token: b.data!.refresh_token! }, headers: { Authorization: client.basic } });
    expect(refreshed.response.status).toBe(200);
  });

  it('does not issue offline_access (so no refresh token) to a client that may not have it', async () => {
    const client = await codeClient({ scopes: ['openid', 'read'] });
    const { code, verifier } = await issueCode(client, await registerUser(server.lk), { scope: 'openid offline_access read' });
    const token = await redeemCode(server, client, { code, redirect_uri: CB, code_verifier: verifier });
    expect(token.data!.scope).toBe('openid read');
    expect(token.data!.refresh_token).toBeUndefined();
  });

  it('issues a refresh token without openid when the client has the refresh_token grant, and none without the grant', async () => {
    const withGrant = await codeClient();
    const user = await registerUser(server.lk);
    const a = await issueCode(withGrant, user, { scope: 'read' });
    expect((await redeemCode(server, withGrant, { code: a.code, redirect_uri: CB, code_verifier: a.verifier })).data!.refresh_token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const withoutGrant = await codeClient({ grantTypes: ['authorization_code'] });
    const b = await issueCode(withoutGrant, user, { scope: 'openid offline_access read' });
    expect((await redeemCode(server, withoutGrant, { code: b.code, redirect_uri: CB, code_verifier: b.verifier })).data!.refresh_token).toBeUndefined();
  });
});
