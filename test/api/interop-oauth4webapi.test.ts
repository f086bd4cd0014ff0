import * as oauth from 'oauth4webapi';
import { registerClient, registerUser, startTestServer, type TestServer } from '../helpers/test-server.js';

/**
 * Interoperability with a client library nobody here wrote: oauth4webapi (panva) checks
 * content types, status codes, issuer identity, token_type and JWT access-token claims strictly.
 * The server runs on http://127.0.0.1, so every call opts in to insecure requests.
 */

let server: TestServer;
let as: oauth.AuthorizationServer;
const insecure = { [oauth.allowInsecureRequests]: true } as const;

beforeAll(async () => {
  server = await startTestServer();
  const issuer = new URL(server.url);
  // RFC 8414 discovery (`oauth2`), not OpenID Connect's /.well-known/openid-configuration.
  as = await oauth.processDiscoveryResponse(issuer, await oauth.discoveryRequest(issuer, { algorithm: 'oauth2', ...insecure }));
});
afterAll(() => server.close());

/** A resource-server check of an access token with oauth4webapi's RFC 9068 validator. */
async function validateAccessToken(accessToken: string): Promise<oauth.JWTAccessTokenClaims> {
  const request = new Request(`${server.url}/data`, { headers: { authorization: `Bearer ${accessToken}` } });
  return oauth.validateJwtAccessToken(as, request, server.url, insecure);
}

describe('oauth4webapi 3.8.8 against Latchkey', () => {
  it('discovers the server (RFC 8414)', () => {
    expect(as.issuer).toBe(server.url);
    expect(as.token_endpoint).toBe(`${server.url}/token`);
    expect(as.revocation_endpoint).toBe(`${server.url}/revoke`);
    expect(as.introspection_endpoint).toBe(`${server.url}/introspect`);
    expect(as.jwks_uri).toBe(`${server.url}/jwks.json`);
  });

  it('obtains a client_credentials token with client_secret_basic and the token passes RFC 9068 validation', async () => {
    const { client: record, secret } = await registerClient(server.lk);
    const client: oauth.Client = { client_id: record.clientId };
    const response = await oauth.clientCredentialsGrantRequest(as, client, oauth.ClientSecretBasic(secret), new URLSearchParams({ scope: 'read' }), insecure);
    const result = await oauth.processClientCredentialsResponse(as, client, response);
    expect(result.token_type).toBe('bearer');
    expect(result.scope).toBe('read');
    expect(result.expires_in).toBe(900);
    expect(result.refresh_token).toBeUndefined();
    const claims = await validateAccessToken(result.access_token);
    expect(claims).toMatchObject({ iss: server.url, aud: server.url, sub: record.clientId, client_id: record.clientId, scope: 'read' });
    const data = await fetch(`${server.url}/data`, { headers: { authorization: `Bearer ${result.access_token}` } });
    expect(data.status).toBe(200);
  });

  it('runs password -> refresh -> revoke -> introspect for a first-party client', async () => {
    const { client: record, secret } = await registerClient(server.lk, { grantTypes: ['password', 'refresh_token'], firstParty: true });
    const { user, username, password } = await registerUser(server.lk);
    const client: oauth.Client = { client_id: record.clientId };
    const auth = oauth.ClientSecretBasic(secret);

    // oauth4webapi has no password-grant helper: the generic token endpoint request sends it.
    const passwordResponse = await oauth.genericTokenEndpointRequest(as, client, auth, 'password', new URLSearchParams({ username, password, scope: 'read write' }), insecure);
    const issued = await oauth.processGenericTokenEndpointResponse(as, client, passwordResponse);
    expect(issued.token_type).toBe('bearer');
    expect(issued.scope).toBe('read write');
    expect(typeof issued.refresh_token).toBe('string');
    expect(await validateAccessToken(issued.access_token)).toMatchObject({ sub: user.id, client_id: record.clientId });

    const refreshResponse = await oauth.refreshTokenGrantRequest(as, client, auth, issued.refresh_token as string, { ...insecure, additionalParameters: { scope: 'read' } });
    const refreshed = await oauth.processRefreshTokenResponse(as, client, refreshResponse);
    expect(refreshed.scope).toBe('read');
    expect(refreshed.refresh_token).toEqual(expect.any(String));
    expect(refreshed.refresh_token).not.toBe(issued.refresh_token);
    expect(await validateAccessToken(refreshed.access_token)).toMatchObject({ sub: user.id, scope: 'read' });

    const before = await oauth.processIntrospectionResponse(as, client, await oauth.introspectionRequest(as, client, auth, refreshed.refresh_token as string, insecure));
    expect(before).toMatchObject({ active: true, client_id: record.clientId, sub: user.id, token_type: 'refresh_token' });
    const accessBefore = await oauth.processIntrospectionResponse(as, client, await oauth.introspectionRequest(as, client, auth, refreshed.access_token, insecure));
    expect(accessBefore).toMatchObject({ active: true, client_id: record.clientId, sub: user.id, scope: 'read', token_type: 'Bearer' });

    const revocation = await oauth.revocationRequest(as, client, auth, refreshed.refresh_token as string, { ...insecure, additionalParameters: { token_type_hint: 'refresh_token' } });
    await expect(oauth.processRevocationResponse(revocation)).resolves.toBeUndefined();

    const after = await oauth.processIntrospectionResponse(as, client, await oauth.introspectionRequest(as, client, auth, refreshed.refresh_token as string, insecure));
    expect(after).toEqual({ active: false });
    // Revoking the refresh token revoked its family, and with it the family's access tokens.
    const accessAfter = await oauth.processIntrospectionResponse(as, client, await oauth.introspectionRequest(as, client, auth, refreshed.access_token, insecure));
    expect(accessAfter).toEqual({ active: false });
    // The first refresh token was rotated; it stays inactive too.
    const rotated = await oauth.processIntrospectionResponse(as, client, await oauth.introspectionRequest(as, client, auth, issued.refresh_token as string, insecure));
    expect(rotated).toEqual({ active: false });
  });

  it('surfaces OAuth errors the way oauth4webapi expects them', async () => {
    const { client: record, secret } = await registerClient(server.lk, { grantTypes: ['password', 'refresh_token'], firstParty: true });
    const client: oauth.Client = { client_id: record.clientId };

    // A wrong password: a 400 JSON error body, parsed into ResponseBodyError.
    const wrongPassword = await oauth.genericTokenEndpointRequest(as, client, oauth.ClientSecretBasic(secret), 'password', new URLSearchParams({ username: 'nobody', password: 'nope' }), insecure);
    const bodyError = await oauth.processGenericTokenEndpointResponse(as, client, wrongPassword).catch((e: unknown) => e);
    expect(bodyError).toBeInstanceOf(oauth.ResponseBodyError);
    expect(bodyError).toMatchObject({ error: 'invalid_grant', status: 400 });

    // A wrong secret: 401 with `WWW-Authenticate: Basic`, surfaced as a challenge error.
    const wrongSecret = await oauth.clientCredentialsGrantRequest(as, client, oauth.ClientSecretBasic('wrong'), new URLSearchParams(), insecure);
    const challengeError = await oauth.processClientCredentialsResponse(as, client, wrongSecret).catch((e: unknown) => e);
    expect(challengeError).toBeInstanceOf(oauth.WWWAuthenticateChallengeError);
    expect(challengeError).toMatchObject({ status: 401 });
    expect((challengeError as oauth.WWWAuthenticateChallengeError).cause).toEqual([expect.objectContaining({ scheme: 'basic', parameters: expect.objectContaining({ realm: 'latchkey' }) })]);

    // A grant this client is not registered for.
    const unregistered = await oauth.clientCredentialsGrantRequest(as, client, oauth.ClientSecretBasic(secret), new URLSearchParams(), insecure);
    await expect(oauth.processClientCredentialsResponse(as, client, unregistered)).rejects.toMatchObject({ error: 'unauthorized_client' });
  });

  it('works with client_secret_post as well', async () => {
    const { client: record, secret } = await registerClient(server.lk, { tokenEndpointAuthMethod: 'client_secret_post' });
    const client: oauth.Client = { client_id: record.clientId };
    const response = await oauth.clientCredentialsGrantRequest(as, client, oauth.ClientSecretPost(secret), new URLSearchParams(), insecure);
    const result = await oauth.processClientCredentialsResponse(as, client, response);
    expect(result.scope).toBe('read write');
    const introspection = await oauth.processIntrospectionResponse(as, client, await oauth.introspectionRequest(as, client, oauth.ClientSecretPost(secret), result.access_token, insecure));
    expect(introspection).toMatchObject({ active: true, client_id: record.clientId });
  });
});
