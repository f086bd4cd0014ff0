import * as client from 'openid-client';
import { type Browser, createBrowser, csrfFrom, formPostFields } from '../helpers/browser-flow.js';
import { registerClient, registerUser, startTestServer, type TestClient, type TestServer } from '../helpers/test-server.js';

/**
 * Interoperability with a relying party nobody here wrote: openid-client 6 (panva), which checks
 * discovery, the RFC 9207 `iss` of the callback, state, PKCE, the ID token (signature from jwks_uri,
 * iss, aud, azp, exp, iat, nonce, at_hash), the userinfo `sub` and the refresh response strictly.
 * The server runs on http://127.0.0.1, so discovery opts in to insecure requests.
 */

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server.close());

const callbackUri = 'https://rp.example.com/callback';
const loggedOutUri = 'https://rp.example.com/logged-out';

// ---- driving the pages ----

/** Opens a URL on the server and follows login, consent (or the logout confirmation) until it leaves the server. */
async function browse(browser: Browser, start: URL, user?: { username: string; password: string }): Promise<URL> {
  let res = await browser.get(start.href);
  for (let step = 0; step < 8; step++) {
    if (res.location) {
      const next = new URL(res.location, browser.baseUrl);
      if (next.origin !== browser.baseUrl) return next;
      res = await browser.get(next.href);
      continue;
    }
    if (res.status !== 200) throw new Error(`stopped with ${res.status}: ${res.html.slice(0, 200)}`);
    if (res.html.includes('name="password"') && user) res = await browser.post('/login', { username: user.username, password: user.password, csrf_token: csrfFrom(res.html) });
    else if (res.html.includes('value="approve"')) res = await browser.post('/consent', { decision: 'approve', csrf_token: csrfFrom(res.html) });
    else if (res.html.includes('value="logout"')) res = await browser.post('/logout', { ...formPostFields(res.html).fields, decision: 'logout' });
    else throw new Error('unexpected page');
  }
  throw new Error('too many steps');
}

// ---- fixtures ----

async function relyingParty(options: { pub?: boolean; alg?: 'RS256' | 'ES256' } = {}): Promise<{ registered: TestClient; config: client.Configuration }> {
  const registered = await registerClient(server.lk, {
    clientName: 'openid-client RP',
    grantTypes: ['authorization_code', 'refresh_token'],
    scopes: ['openid', 'profile', 'email', 'offline_access'],
    redirectUris: [callbackUri],
    postLogoutRedirectUris: [loggedOutUri],
    ...(options.pub ? { tokenEndpointAuthMethod: 'none' as const } : {}),
    ...(options.alg ? { idTokenSignedResponseAlg: options.alg } : {}),
  });
  const config = await client.discovery(
    new URL(server.url),
    registered.client.clientId,
    { redirect_uris: [callbackUri], ...(options.alg ? { id_token_signed_response_alg: options.alg } : {}) },
    options.pub ? client.None() : client.ClientSecretBasic(registered.secret),
    { execute: [client.allowInsecureRequests] },
  );
  return { registered, config };
}

/** The whole authorization code + PKCE flow as openid-client does it; returns the validated token response and what it checked. */
async function codeFlow(config: client.Configuration, scope = 'openid profile email offline_access') {
  const person = await registerUser(server.lk);
  const browser = createBrowser(server.url);
  const pkceCodeVerifier = client.randomPKCECodeVerifier();
  const expectedState = client.randomState();
  const expectedNonce = client.randomNonce();
  const authorizationUrl = client.buildAuthorizationUrl(config, {
    redirect_uri: callbackUri,
    scope,
    code_challenge: await client.calculatePKCECodeChallenge(pkceCodeVerifier),
    code_challenge_method: 'S256',
    state: expectedState,
    nonce: expectedNonce,
  });
  expect(authorizationUrl.href.startsWith(`${server.url}/authorize?`)).toBe(true);
  const callback = await browse(browser, authorizationUrl, person);
  expect(`${callback.origin}${callback.pathname}`).toBe(callbackUri);
  const tokens = await client.authorizationCodeGrant(config, callback, { pkceCodeVerifier, expectedState, expectedNonce, idTokenExpected: true });
  return { tokens, person, browser, callback, expectedNonce, pkceCodeVerifier };
}

describe('openid-client 6 against Latchkey', () => {
  it('discovers the provider through /.well-known/openid-configuration', async () => {
    const { config } = await relyingParty();
    const metadata = config.serverMetadata();
    expect(metadata.issuer).toBe(server.url);
    expect(metadata.authorization_endpoint).toBe(`${server.url}/authorize`);
    expect(metadata.userinfo_endpoint).toBe(`${server.url}/userinfo`);
    expect(metadata.end_session_endpoint).toBe(`${server.url}/logout`);
    expect(metadata.supportsPKCE()).toBe(true);
    expect(metadata.supportsPKCE('plain')).toBe(false);
  });

  it('runs code + PKCE with client_secret_basic: validated ID token, userinfo, refresh', async () => {
    const { config, registered } = await relyingParty();
    const { tokens, person, callback, expectedNonce } = await codeFlow(config);
    // RFC 9207: openid-client checked the iss it was sent against the discovered issuer.
    expect(callback.searchParams.get('iss')).toBe(server.url);

    expect(tokens.token_type).toBe('bearer');
    expect(tokens.scope?.split(' ').sort()).toEqual(['email', 'offline_access', 'openid', 'profile']);
    expect(tokens.refresh_token).toEqual(expect.any(String));
    const claims = tokens.claims()!;
    expect(claims).toMatchObject({ iss: server.url, sub: person.user.id, aud: registered.client.clientId, azp: registered.client.clientId, nonce: expectedNonce, amr: ['pwd'] });
    expect(claims.at_hash).toEqual(expect.any(String));
    expect(claims.auth_time).toEqual(expect.any(Number));

    const userinfo = await client.fetchUserInfo(config, tokens.access_token, claims.sub);
    expect(userinfo).toEqual({
      sub: person.user.id,
      name: 'Test User',
      preferred_username: person.username,
      updated_at: Math.floor(person.user.updatedAt / 1000),
      email: `${person.username}@example.com`,
      email_verified: false,
    });

    const refreshed = await client.refreshTokenGrant(config, tokens.refresh_token!);
    expect(refreshed.access_token).not.toBe(tokens.access_token);
    expect(refreshed.refresh_token).toEqual(expect.any(String));
    expect(refreshed.refresh_token).not.toBe(tokens.refresh_token);
    const again = await client.fetchUserInfo(config, refreshed.access_token, claims.sub);
    expect(again.sub).toBe(person.user.id);

    // The rotated refresh token is refused, in the RFC 6749 §5.2 shape openid-client understands.
    const replay = client.refreshTokenGrant(config, tokens.refresh_token!);
    await expect(replay).rejects.toBeInstanceOf(client.ResponseBodyError);
    await expect(replay).rejects.toMatchObject({ error: 'invalid_grant', status: 400 });
  });

  it('runs code + PKCE as a public client (token_endpoint_auth_method none)', async () => {
    const { config } = await relyingParty({ pub: true });
    const { tokens, person } = await codeFlow(config);
    expect(tokens.claims()?.sub).toBe(person.user.id);
    const refreshed = await client.refreshTokenGrant(config, tokens.refresh_token!);
    expect(refreshed.access_token).toEqual(expect.any(String));
  });

  it('validates an ES256 ID token for a client registered for ES256', async () => {
    const { config } = await relyingParty({ alg: 'ES256' });
    const { tokens, person } = await codeFlow(config, 'openid');
    expect(tokens.claims()?.sub).toBe(person.user.id);
    // Without offline_access an OpenID Connect request gets no refresh token (OIDC Core §11).
    expect(tokens.refresh_token).toBeUndefined();
    expect(JSON.parse(Buffer.from(tokens.id_token!.split('.')[0]!, 'base64url').toString('utf8'))).toMatchObject({ alg: 'ES256' });
  });

  it('sees a reused code refused with invalid_grant, and the first tokens revoked (userinfo challenge)', async () => {
    const { config } = await relyingParty();
    const { tokens, callback, pkceCodeVerifier } = await codeFlow(config);
    const reuse = client.authorizationCodeGrant(config, callback, { pkceCodeVerifier, expectedState: client.skipStateCheck });
    await expect(reuse).rejects.toMatchObject({ error: 'invalid_grant', status: 400 });
    const info = client.fetchUserInfo(config, tokens.access_token, client.skipSubjectCheck);
    await expect(info).rejects.toBeInstanceOf(client.WWWAuthenticateChallengeError);
    await expect(info).rejects.toMatchObject({ status: 401, cause: [expect.objectContaining({ scheme: 'bearer', parameters: expect.objectContaining({ error: 'invalid_token' }) })] });
  });

  it('revokes through tokenRevocation, after which userinfo answers invalid_token', async () => {
    const { config } = await relyingParty();
    const { tokens } = await codeFlow(config);
    await client.tokenRevocation(config, tokens.refresh_token!);
    const info = client.fetchUserInfo(config, tokens.access_token, client.skipSubjectCheck);
    await expect(info).rejects.toMatchObject({ status: 401, cause: [expect.objectContaining({ parameters: expect.objectContaining({ error: 'invalid_token' }) })] });
  });

  it('signs out through buildEndSessionUrl (RP-Initiated Logout) and comes back with state', async () => {
    const { config } = await relyingParty();
    const { tokens, browser } = await codeFlow(config, 'openid');
    const endSession = client.buildEndSessionUrl(config, { id_token_hint: tokens.id_token!, post_logout_redirect_uri: loggedOutUri, state: 'bye' });
    const back = await browse(browser, endSession);
    expect(`${back.origin}${back.pathname}`).toBe(loggedOutUri);
    expect(back.searchParams.get('state')).toBe('bye');
    // Signed out: the next authorization asks for the password again.
    const challenge = await client.calculatePKCECodeChallenge(client.randomPKCECodeVerifier());
    const next = await browser.get(client.buildAuthorizationUrl(config, { redirect_uri: callbackUri, scope: 'openid', code_challenge: challenge, code_challenge_method: 'S256' }).href);
    expect(next.status).toBe(303);
    expect(next.location).toBe('/login');
  });
});
