import { createHash } from 'node:crypto';
import { createLocalJWKSet, jwtVerify } from 'jose';
import { getCurrentUser, getJwks, getUserinfo } from '../../generated/sdk.gen.js';
import { createBrowser, formPostFields, signInAndAuthorize } from '../helpers/browser-flow.js';
import { recentAuditEvents, registerClient, registerUser, startTestServer, type TestClient, type TestServer } from '../helpers/test-server.js';

const CB = 'https://legacy.example.com/cb';
const STATE = 'legacy state / with & odd = chars';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server.close());

function implicitClient(input: Parameters<typeof registerClient>[1] = {}): Promise<TestClient> {
  return registerClient(server.lk, {
    clientName: 'Legacy SPA',
    grantTypes: ['authorization_code', 'refresh_token'],
    scopes: ['openid', 'profile', 'offline_access', 'read'],
    redirectUris: [CB],
    tokenEndpointAuthMethod: 'none',
    implicit: true,
    firstParty: true,
    ...input,
  });
}

function atHash(accessToken: string): string {
  return createHash('sha256').update(accessToken).digest().subarray(0, 16).toString('base64url');
}

/** The fragment of a 302 to the client; the query must be empty (tokens never go in the query). */
function fragmentOf(location: string | null): Record<string, string> {
  expect(location).not.toBeNull();
  const url = new URL(location!);
  expect(`${url.origin}${url.pathname}`).toBe(CB);
  expect(url.search).toBe('');
  return Object.fromEntries(new URLSearchParams(url.hash.slice(1)));
}

describe('implicit flow, for clients registered for it (RFC 6749 §4.2, OIDC Core §3.2)', () => {
  it('response_type=token returns the access token in the fragment with state and iss, never a refresh token', async () => {
    const client = await implicitClient();
    const user = await registerUser(server.lk);
    const result = await signInAndAuthorize(server, { client, user, params: { response_type: 'token', scope: 'read offline_access', state: STATE } });
    expect(result.response.status).toBe(302);
    const fragment = fragmentOf(result.location);
    expect(fragment).toEqual({
      access_token: expect.any(String),
      token_type: 'Bearer',
      expires_in: expect.stringMatching(/^\d+$/),
      scope: 'read offline_access',
      state: STATE,
      iss: server.url,
    });
    expect(fragment).not.toHaveProperty('refresh_token');
    expect(fragment).not.toHaveProperty('code');
    const me = await getCurrentUser({ client: server.sdk, headers: { Authorization: `Bearer ${fragment.access_token}` } });
    expect(me.response.status).toBe(200);
    const audit = await recentAuditEvents(server, 200, 'token.issued');
    expect(audit.some((e) => e.clientId === client.client.clientId && e.detail?.grant_type === 'implicit')).toBe(true);
  });

  it('response_type=id_token token returns a verified ID token bound to the access token and the nonce', async () => {
    const client = await implicitClient();
    const user = await registerUser(server.lk);
    const result = await signInAndAuthorize(server, { client, user, params: { response_type: 'id_token token', scope: 'openid profile', nonce: 'n-implicit', state: STATE } });
    const fragment = fragmentOf(result.location);
    expect(Object.keys(fragment).sort()).toEqual(['access_token', 'expires_in', 'id_token', 'iss', 'scope', 'state', 'token_type']);
    expect(fragment.state).toBe(STATE);
    expect(fragment.iss).toBe(server.url);
    const jwks = await getJwks({ client: server.sdk });
    const { payload, protectedHeader } = await jwtVerify(fragment.id_token!, createLocalJWKSet(jwks.data! as never), {
      issuer: server.url,
      audience: client.client.clientId,
      algorithms: ['RS256'],
    });
    expect(protectedHeader.alg).toBe('RS256');
    expect(payload).toMatchObject({ sub: user.user.id, azp: client.client.clientId, nonce: 'n-implicit', at_hash: atHash(fragment.access_token!), amr: ['pwd'] });
    expect(typeof payload.auth_time).toBe('number');
    const userinfo = await getUserinfo({ client: server.sdk, headers: { Authorization: `Bearer ${fragment.access_token}` } });
    expect(userinfo.response.status).toBe(200);
    expect(userinfo.data).toMatchObject({ sub: user.user.id });
  });

  it('accepts "token id_token" in either order', async () => {
    const client = await implicitClient();
    const user = await registerUser(server.lk);
    const result = await signInAndAuthorize(server, { client, user, params: { response_type: 'token id_token', scope: 'openid', nonce: 'n2' } });
    expect(fragmentOf(result.location).id_token).toBeDefined();
  });

  it('requires a nonce for id_token token (invalid_request in the fragment)', async () => {
    const client = await implicitClient();
    const res = await createBrowser(server.url).get(
      `/authorize?${new URLSearchParams({ response_type: 'id_token token', client_id: client.client.clientId, redirect_uri: CB, scope: 'openid', state: STATE }).toString()}`,
    );
    expect(res.status).toBe(302);
    const fragment = fragmentOf(res.location);
    expect(fragment).toEqual({ error: 'invalid_request', error_description: 'nonce is required for the implicit flow.', state: STATE, iss: server.url });
  });

  it('requires the openid scope for id_token token', async () => {
    const client = await implicitClient();
    const res = await createBrowser(server.url).get(
      `/authorize?${new URLSearchParams({ response_type: 'id_token token', client_id: client.client.clientId, redirect_uri: CB, scope: 'read', nonce: 'n', state: STATE }).toString()}`,
    );
    expect(fragmentOf(res.location)).toMatchObject({ error: 'invalid_request', state: STATE, iss: server.url });
  });

  it('refuses response_mode=query for a token response (the error, never a token, in the query)', async () => {
    const client = await implicitClient();
    const res = await createBrowser(server.url).get(
      `/authorize?${new URLSearchParams({ response_type: 'token', response_mode: 'query', client_id: client.client.clientId, redirect_uri: CB, scope: 'read', state: STATE }).toString()}`,
    );
    expect(res.status).toBe(302);
    const url = new URL(res.location!);
    expect(url.searchParams.get('error')).toBe('invalid_request');
    expect(url.searchParams.get('state')).toBe(STATE);
    expect(url.searchParams.get('iss')).toBe(server.url);
    expect(url.searchParams.has('access_token')).toBe(false);
  });

  it('delivers tokens by form_post when asked', async () => {
    const client = await implicitClient();
    const user = await registerUser(server.lk);
    const result = await signInAndAuthorize(server, { client, user, params: { response_type: 'token', response_mode: 'form_post', scope: 'read', state: STATE } });
    expect(result.response.status).toBe(200);
    expect(result.response.headers.get('content-security-policy')).toMatch(/form-action [^;]*https:\/\/legacy\.example\.com/);
    const { action, fields } = formPostFields(result.formPost!);
    expect(action).toBe(CB);
    expect(fields).toMatchObject({ token_type: 'Bearer', scope: 'read', state: STATE, iss: server.url });
    expect(fields.access_token).toBeDefined();
    expect(fields).not.toHaveProperty('refresh_token');
  });

  it('shows consent for a third-party implicit client before issuing tokens', async () => {
    const client = await implicitClient({ firstParty: false });
    const user = await registerUser(server.lk);
    const result = await signInAndAuthorize(server, { client, user, params: { response_type: 'token', scope: 'read' } });
    expect(result.consentPage).toContain('Read your data');
    expect(fragmentOf(result.location).access_token).toBeDefined();
  });

  it('is refused with unauthorized_client for a client not registered for it, and no token is issued', async () => {
    const client = await implicitClient({ implicit: false });
    const user = await registerUser(server.lk);
    const result = await signInAndAuthorize(server, { client, user, params: { response_type: 'token', scope: 'read', state: STATE } });
    expect(result.loginPage).toBeNull();
    expect(fragmentOf(result.location)).toEqual({ error: 'unauthorized_client', error_description: expect.any(String), state: STATE, iss: server.url });
  });

  it('registers the implicit grant type with the token response types (RFC 7591 §2.1), and works for an implicit-only client', async () => {
    const both = await implicitClient();
    expect((await server.lk.storage.clients.findById(both.client.clientId))?.grantTypes).toEqual(['authorization_code', 'refresh_token', 'implicit']);
    const only = await implicitClient({ grantTypes: [] });
    expect((await server.lk.storage.clients.findById(only.client.clientId))?.grantTypes).toEqual(['implicit']);
    const viaGrant = await implicitClient({ grantTypes: ['implicit'], implicit: false });
    expect(viaGrant.client).toMatchObject({ grantTypes: ['implicit'], implicitAllowed: true });
    const user = await registerUser(server.lk);
    const result = await signInAndAuthorize(server, { client: only, user, params: { response_type: 'token', scope: 'read', state: STATE } });
    expect(fragmentOf(result.location).access_token).toBeDefined();
    // The implicit grant type allows no code flow and nothing at /token.
    const code = await signInAndAuthorize(server, { client: only, user, params: { response_type: 'code', scope: 'read', state: STATE } });
    expect(new URL(code.location!).searchParams.get('error')).toBe('unauthorized_client');
  });
});
