import { createLocalJWKSet, generateKeyPair, jwtVerify, SignJWT } from 'jose';
import { getAuthorizationServerMetadata, getJwks, getOpenidConfiguration, getUserinfo } from '../../generated/sdk.gen.js';
import { signAccessToken } from '../../src/crypto/access-token-jwt.js';
import { signCompactJws } from '../../src/crypto/jws.js';
import { signIdToken } from '../../src/crypto/id-token.js';
import type { IdTokenClaims } from '../../src/crypto/id-token.js';
import { type Browser, type BrowserResponse, codeFrom, createBrowser, csrfFrom, redeemCode, signInAndAuthorize } from '../helpers/browser-flow.js';
import { jwtHeader, jwtPayload, recentAuditEvents, registerClient, registerUser, startTestServer, type TestClient, testClock, type TestServer } from '../helpers/test-server.js';

/**
 * OpenID Connect Discovery 1.0 §3-4 (the document lists exactly what works) and
 * RP-Initiated Logout 1.0 (confirmation, CSRF, exact post_logout_redirect_uri, a verified id_token_hint).
 */

const clock = testClock();
let server: TestServer;
beforeAll(async () => {
  // Short-lived ID tokens, so an expired hint needs only a small clock step (keys rotated by other test files stay published).
  server = await startTestServer({ clock, env: { LATCHKEY_ID_TOKEN_TTL_S: '60' } });
});
afterAll(() => server.close());

const redirectUri = 'https://app.example.com/cb';
const loggedOut = 'https://app.example.com/logged-out';
const loggedOutWithQuery = 'https://app.example.com/bye?from=latchkey';

const unescapeHtml = (s: string): string => s.replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');

/** The hidden inputs of a page's forms, as a browser would submit them. */
function hiddenFields(html: string): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const m of html.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)">/g)) fields[m[1]!] = unescapeHtml(m[2]!);
  return fields;
}

// ---- fixtures ----

interface SignedIn {
  browser: Browser;
  idToken: string;
  accessToken: string;
  client: TestClient;
  userId: string;
}

async function oidcClient(extra: { idTokenSignedResponseAlg?: 'RS256' | 'ES256'; postLogoutRedirectUris?: string[] } = {}): Promise<TestClient> {
  return registerClient(server.lk, {
    clientName: 'Acme Notes',
    grantTypes: ['authorization_code', 'refresh_token'],
    scopes: ['openid', 'profile', 'email', 'offline_access'],
    redirectUris: [redirectUri],
    postLogoutRedirectUris: [loggedOut, loggedOutWithQuery],
    ...extra,
  });
}

/** A user signed in through the real pages, and the ID token the client received. */
async function signIn(scope = 'openid', app?: TestClient, nonce?: string): Promise<SignedIn> {
  const client = app ?? (await oidcClient());
  const { user, username, password } = await registerUser(server.lk);
  const result = await signInAndAuthorize(server, { client, user: { username, password }, params: { scope, state: 'st', ...(nonce ? { nonce } : {}) } });
  const browser = result.browser;
  const res = await redeemCode(server, client, { code: codeFrom(result), redirect_uri: redirectUri, code_verifier: result.verifier });
  expect(res.response.status).toBe(200);
  expect(res.data!.id_token).toEqual(expect.any(String));
  return { browser, idToken: res.data!.id_token!, accessToken: res.data!.access_token, client, userId: user.id };
}

/** A fresh database session for a user (no pages), as a Cookie header value. */
async function freshSession(userId: string): Promise<{ cookie: string; csrf: string }> {
  const { cookie, session } = await server.lk.sessions.start(userId, undefined, [{ kind: 'password', at: Date.now() }]);
  return { cookie, csrf: session.csrfToken };
}

/** GET or POST /logout from a browser holding only the given session cookie (if any). */
function logoutRequest(method: 'GET' | 'POST', params: Record<string, string>, sessionCookie?: string): Promise<BrowserResponse> {
  const browser = createBrowser(server.url);
  if (sessionCookie) browser.setCookie('latchkey_session', sessionCookie);
  return method === 'GET' ? browser.get(`/logout?${new URLSearchParams(params)}`) : browser.post('/logout', params);
}

function expectPageHeaders(res: BrowserResponse): void {
  expect(res.headers.get('content-type')).toMatch(/^text\/html\b/);
  expect(res.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
  expect(res.headers.get('cache-control')).toBe('no-store');
  expect(res.headers.get('x-content-type-options')).toBe('nosniff');
}

/** The session cookie is cleared by this response. */
function clearsSession(res: BrowserResponse): boolean {
  return res.headers.getSetCookie().some((c) => /^latchkey_session=;/.test(c) && /Max-Age=0/i.test(c));
}

/** Confirms the logout in the given session, posting exactly what the confirmation page carries plus any overrides. */
async function confirmLogout(params: Record<string, string>, session: { cookie: string }): Promise<{ page: string; res: BrowserResponse }> {
  const get = await logoutRequest('GET', params, session.cookie);
  expect(get.status).toBe(200);
  expect(get.location).toBeNull();
  const page = get.html;
  const fields = hiddenFields(page);
  const res = await logoutRequest('POST', { ...fields, decision: 'logout' }, session.cookie);
  return { page, res };
}

/** The outcome every refused redirect must have: the signed-out page, the session ended, no Location. */
async function expectSignedOutWithoutRedirect(res: BrowserResponse, cookie: string): Promise<void> {
  expect(res.status).toBe(200);
  expect(res.location).toBeNull();
  expectPageHeaders(res);
  expect(res.html).toContain('You have signed out.');
  expect(clearsSession(res)).toBe(true);
  expect(await server.lk.sessions.resolve(cookie)).toBeUndefined();
}

// ---- discovery ----

describe('OpenID Provider metadata (OpenID Connect Discovery 1.0 §4)', () => {
  it('is the RFC 8414 document, field for field, with the same caching and content type', async () => {
    const [oidc, oauth] = await Promise.all([getOpenidConfiguration({ client: server.sdk }), getAuthorizationServerMetadata({ client: server.sdk })]);
    expect(oidc.response.status).toBe(200);
    expect(oidc.response.headers.get('content-type')).toMatch(/^application\/json\b/);
    expect(oidc.response.headers.get('cache-control')).toBe('public, max-age=300');
    expect(oidc.response.headers.get('pragma')).toBeNull();
    expect(oidc.response.headers.get('cache-control')).toBe(oauth.response.headers.get('cache-control'));
    expect(oidc.data).toEqual(oauth.data);
  });

  it('names the issuer and every OpenID Connect endpoint under it', async () => {
    const { data } = await getOpenidConfiguration({ client: server.sdk });
    expect(data).toMatchObject({
      issuer: server.url,
      authorization_endpoint: `${server.url}/authorize`,
      token_endpoint: `${server.url}/token`,
      userinfo_endpoint: `${server.url}/userinfo`,
      jwks_uri: `${server.url}/jwks.json`,
      end_session_endpoint: `${server.url}/logout`,
    });
  });

  it('lists the supported values exactly', async () => {
    const { data } = await getOpenidConfiguration({ client: server.sdk });
    const body = data!;
    expect(body.response_types_supported).toEqual(['code', 'token', 'id_token token']);
    expect(body.response_modes_supported).toEqual(['query', 'fragment', 'form_post']);
    expect([...body.grant_types_supported].sort()).toEqual(['authorization_code', 'client_credentials', 'implicit', 'password', 'refresh_token', 'urn:ietf:params:oauth:grant-type:token-exchange']);
    expect(body.code_challenge_methods_supported).toEqual(['S256']);
    expect([...(body.id_token_signing_alg_values_supported ?? [])].sort()).toEqual(['ES256', 'RS256']);
    expect(body.subject_types_supported).toEqual(['public']);
    expect([...(body.token_endpoint_auth_methods_supported ?? [])].sort()).toEqual(['client_secret_basic', 'client_secret_post', 'none']);
    expect(body.authorization_response_iss_parameter_supported).toBe(true);
    // Every scope the server knows, and nothing else; the OpenID Connect ones exist by default.
    const known = (await server.lk.storage.scopes.list()).map((s) => s.name).sort();
    expect([...(body.scopes_supported ?? [])].sort()).toEqual(known);
    expect(body.scopes_supported).toEqual(expect.arrayContaining(['openid', 'profile', 'email', 'offline_access']));
  });

  it('lists as claims_supported exactly the claims the ID token and userinfo carry', async () => {
    const { data } = await getOpenidConfiguration({ client: server.sdk });
    const signedIn = await signIn('openid profile email', undefined, 'n-0S6_WzA2Mj');
    const info = await getUserinfo({ client: server.sdk, headers: { Authorization: `Bearer ${signedIn.accessToken}` } });
    expect(info.response.status).toBe(200);
    const emitted = new Set([...Object.keys(jwtPayload(signedIn.idToken)), ...Object.keys(info.data!)]);
    expect([...(data!.claims_supported ?? [])].sort()).toEqual([...emitted].sort());
  });

  it.each(['RS256', 'ES256'] as const)('signs ID tokens with %s when the client registers it, verifiable with the advertised jwks_uri', async (alg) => {
    const signedIn = await signIn('openid', await oidcClient({ idTokenSignedResponseAlg: alg }));
    expect(jwtHeader(signedIn.idToken)).toMatchObject({ alg, typ: 'JWT' });
    const jwks = await getJwks({ client: server.sdk });
    const { payload } = await jwtVerify(signedIn.idToken, createLocalJWKSet(jwks.data as never), { algorithms: [alg], issuer: server.url, audience: signedIn.client.client.clientId });
    expect(payload.sub).toBe(signedIn.userId);
  });
});

// ---- logout ----

describe('RP-Initiated Logout 1.0 (end_session_endpoint)', () => {
  let shared: SignedIn;
  beforeAll(async () => {
    shared = await signIn('openid');
  });

  it('asks for confirmation first: GET shows the page, with no redirect and the session intact', async () => {
    const { browser, idToken } = await signIn('openid');
    const cookie = browser.cookie('latchkey_session')!;
    expect(await server.lk.sessions.resolve(cookie)).toBeDefined();
    const res = await browser.get(`/logout?${new URLSearchParams({ id_token_hint: idToken, post_logout_redirect_uri: loggedOut, state: 'abc' })}`);
    expect(res.status).toBe(200);
    expect(res.location).toBeNull();
    expectPageHeaders(res);
    expect(clearsSession(res)).toBe(false);
    const page = res.html;
    expect(page).toContain('Sign out of Latchkey?');
    expect(page).toContain('Acme Notes');
    expect(csrfFrom(page)).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(hiddenFields(page)).toMatchObject({ post_logout_redirect_uri: loggedOut, state: 'abc', id_token_hint: idToken });
    expect(await server.lk.sessions.resolve(cookie)).toBeDefined();
  });

  it('on "Sign out" with the CSRF token: ends the session, clears the cookie, audits, and goes back to the registered URI with state', async () => {
    const { browser, idToken, userId } = await signIn('openid');
    const cookie = browser.cookie('latchkey_session')!;
    const page = (await browser.get(`/logout?${new URLSearchParams({ id_token_hint: idToken, post_logout_redirect_uri: loggedOut, state: 'a b&c' })}`)).html;
    const res = await browser.post('/logout', { ...hiddenFields(page), decision: 'logout' });
    expect(res.status).toBe(303);
    const location = new URL(res.location!);
    expect(`${location.origin}${location.pathname}`).toBe(loggedOut);
    expect([...location.searchParams]).toEqual([['state', 'a b&c']]);
    expect(clearsSession(res)).toBe(true);
    expect(browser.cookie('latchkey_session')).toBeUndefined();
    expect(await server.lk.sessions.resolve(cookie)).toBeUndefined();

    // The old cookie no longer opens the account page.
    const stale = createBrowser(server.url);
    stale.setCookie('latchkey_session', cookie);
    const account = await stale.get('/account');
    expect(account.status).toBe(303);
    expect(account.location).toBe('/login');
    const audit = await recentAuditEvents(server, 50, 'user.logout');
    expect(audit.some((e) => e.subject === userId)).toBe(true);
  });

  it('keeps the query of a registered URI and appends state to it', async () => {
    const session = await freshSession(shared.userId);
    const { res } = await confirmLogout({ id_token_hint: shared.idToken, post_logout_redirect_uri: loggedOutWithQuery, state: 'xyz' }, session);
    expect(res.status).toBe(303);
    expect(res.location).toBe(`${loggedOutWithQuery}&state=xyz`);
    expect(await server.lk.sessions.resolve(session.cookie)).toBeUndefined();
  });

  it('redirects without state when none was sent', async () => {
    const session = await freshSession(shared.userId);
    const { res } = await confirmLogout({ id_token_hint: shared.idToken, post_logout_redirect_uri: loggedOut }, session);
    expect(res.status).toBe(303);
    expect(res.location).toBe(loggedOut);
  });

  it('accepts an expired id_token_hint (RP-Initiated Logout §2)', async () => {
    const { idToken, userId } = await signIn('openid');
    clock.advance(5 * 60_000);
    const session = await freshSession(userId);
    const { res } = await confirmLogout({ id_token_hint: idToken, post_logout_redirect_uri: loggedOut, state: 's' }, session);
    expect(res.status).toBe(303);
    expect(res.location).toBe(`${loggedOut}?state=s`);
  });

  it('accepts an ES256 id_token_hint from a client registered for ES256', async () => {
    const { idToken, userId } = await signIn('openid', await oidcClient({ idTokenSignedResponseAlg: 'ES256' }));
    expect(jwtHeader(idToken).alg).toBe('ES256');
    const session = await freshSession(userId);
    const { res } = await confirmLogout({ id_token_hint: idToken, post_logout_redirect_uri: loggedOut, state: 'e' }, session);
    expect(res.status).toBe(303);
    expect(res.location).toBe(`${loggedOut}?state=e`);
  });

  it('accepts client_id instead of id_token_hint to identify the client', async () => {
    const session = await freshSession(shared.userId);
    const { res } = await confirmLogout({ client_id: shared.client.client.clientId, post_logout_redirect_uri: loggedOut, state: 'c' }, session);
    expect(res.status).toBe(303);
    expect(res.location).toBe(`${loggedOut}?state=c`);
  });

  it.each([
    ['an added query', `${loggedOut}?next=https://evil.example`],
    ['a changed query', 'https://app.example.com/bye?from=evil'],
    ['a fragment', `${loggedOut}#x`],
    ['another path', 'https://app.example.com/logged-out/../evil'],
    ['a trailing slash', `${loggedOut}/`],
    ['another port', 'https://app.example.com:8443/logged-out'],
    ['another host', 'https://evil.example.com/logged-out'],
    ['http instead of https', 'http://app.example.com/logged-out'],
    ['different case', 'https://APP.example.com/logged-out'],
    ["the client's login redirect_uri", redirectUri],
  ])('never redirects to a post_logout_redirect_uri with %s, even after the user confirms', async (_label, uri) => {
    const session = await freshSession(shared.userId);
    const { page, res } = await confirmLogout({ id_token_hint: shared.idToken, post_logout_redirect_uri: uri, state: 's' }, session);
    expect(hiddenFields(page)).not.toHaveProperty('post_logout_redirect_uri');
    await expectSignedOutWithoutRedirect(res, session.cookie);
  });

  it('re-checks a post_logout_redirect_uri posted directly to the form (no redirect for an unregistered one)', async () => {
    const session = await freshSession(shared.userId);
    const res = await logoutRequest('POST', { id_token_hint: shared.idToken, post_logout_redirect_uri: 'https://evil.example.com/', decision: 'logout', csrf_token: session.csrf }, session.cookie);
    await expectSignedOutWithoutRedirect(res, session.cookie);
  });

  it("never redirects to another client's registered URI", async () => {
    const other = await oidcClient({ postLogoutRedirectUris: ['https://other.example.com/bye'] });
    const session = await freshSession(shared.userId);
    const { res } = await confirmLogout({ id_token_hint: shared.idToken, post_logout_redirect_uri: 'https://other.example.com/bye' }, session);
    await expectSignedOutWithoutRedirect(res, session.cookie);

    // A client_id that contradicts the hint's audience: no redirect, even to a URI of the named client.
    const second = await freshSession(shared.userId);
    const mixed = await confirmLogout({ id_token_hint: shared.idToken, client_id: other.client.clientId, post_logout_redirect_uri: 'https://other.example.com/bye' }, second);
    await expectSignedOutWithoutRedirect(mixed.res, second.cookie);
  });

  describe('an id_token_hint that does not verify against our keys never leads to a redirect', () => {
    const claims = (): Record<string, unknown> => jwtPayload(shared.idToken);

    async function expectRefused(hint: string): Promise<void> {
      const session = await freshSession(shared.userId);
      const { page, res } = await confirmLogout({ id_token_hint: hint, post_logout_redirect_uri: loggedOut, state: 's' }, session);
      expect(hiddenFields(page)).not.toHaveProperty('post_logout_redirect_uri');
      expect(hiddenFields(page)).not.toHaveProperty('id_token_hint');
      await expectSignedOutWithoutRedirect(res, session.cookie);
      // Naming the real client as well does not rescue a bad hint.
      const second = await freshSession(shared.userId);
      const named = await logoutRequest(
        'POST',
        { id_token_hint: hint, client_id: shared.client.client.clientId, post_logout_redirect_uri: loggedOut, decision: 'logout', csrf_token: second.csrf },
        second.cookie,
      );
      await expectSignedOutWithoutRedirect(named, second.cookie);
      // Without a session it is the signed-out page at once, never a redirect.
      for (const params of [{}, { client_id: shared.client.client.clientId }] as Record<string, string>[]) {
        const anonymous = await logoutRequest('GET', { id_token_hint: hint, post_logout_redirect_uri: loggedOut, state: 's', ...params });
        expect(anonymous.status).toBe(200);
        expect(anonymous.location).toBeNull();
      }
    }

    it('signed by another RSA key that claims our kid', async () => {
      const { privateKey } = await generateKeyPair('RS256');
      const forged = await new SignJWT(claims()).setProtectedHeader({ alg: 'RS256', typ: 'JWT', kid: jwtHeader(shared.idToken).kid as string }).sign(privateKey);
      await expectRefused(forged);
    });

    it('signed by another key with its own kid', async () => {
      const { privateKey } = await generateKeyPair('ES256');
      const forged = await new SignJWT(claims()).setProtectedHeader({ alg: 'ES256', typ: 'JWT', kid: 'attacker-key' }).sign(privateKey);
      await expectRefused(forged);
    });

    it('with a tampered payload (audience changed to a client whose URI the attacker wants)', async () => {
      const victim = await oidcClient();
      const [h, , s] = shared.idToken.split('.') as [string, string, string];
      const payload = Buffer.from(JSON.stringify({ ...claims(), aud: victim.client.clientId, azp: victim.client.clientId })).toString('base64url');
      await expectRefused(`${h}.${payload}.${s}`);
    });

    it('unsigned (alg none)', async () => {
      const header = Buffer.from(JSON.stringify({ alg: 'none', typ: 'JWT' })).toString('base64url');
      await expectRefused(`${header}.${Buffer.from(JSON.stringify(claims())).toString('base64url')}.`);
    });

    it('signed with our key but for another issuer', async () => {
      const foreign = await signIdToken(server.lk.keystore, 'RS256', { ...(claims() as unknown as IdTokenClaims), iss: 'https://evil.example.com' });
      await expectRefused(foreign);
    });

    it('garbage', async () => {
      await expectRefused('not.a.jwt');
    });

    it('an RFC 9068 access token (typ at+jwt) signed with our key, even one whose audience is the client', async () => {
      const { sub, aud, iat, exp } = claims() as { sub: string; aud: string; iat: number; exp: number };
      const accessToken = await signAccessToken(server.lk.keystore, { iss: server.url, sub, aud, client_id: aud, scope: 'openid', jti: 'j-1', iat, exp, grant_id: 'g-1' });
      await expectRefused(accessToken);
    });

    it('ID token claims signed with our key under typ at+jwt', async () => {
      const key = server.lk.keystore.signingKey('RS256');
      await expectRefused(await signCompactJws({ alg: 'RS256', typ: 'at+jwt', kid: key.kid }, claims(), key.signingKeyObject));
    });
  });

  it('refuses an access token passed as id_token_hint (its audience is not a client)', async () => {
    const session = await freshSession(shared.userId);
    const { res } = await confirmLogout({ id_token_hint: shared.accessToken, client_id: shared.client.client.clientId, post_logout_redirect_uri: loggedOut }, session);
    await expectSignedOutWithoutRedirect(res, session.cookie);
  });

  it.each([
    ['missing', undefined],
    ['wrong', 'x'.repeat(43)],
  ])('answers a %s CSRF token with a 403 page and keeps the session', async (_label, csrf) => {
    const session = await freshSession(shared.userId);
    const res = await logoutRequest(
      'POST',
      { id_token_hint: shared.idToken, post_logout_redirect_uri: loggedOut, state: 's', decision: 'logout', ...(csrf ? { csrf_token: csrf } : {}) },
      session.cookie,
    );
    expect(res.status).toBe(403);
    expect(res.location).toBeNull();
    expectPageHeaders(res);
    expect(clearsSession(res)).toBe(false);
    expect(await server.lk.sessions.resolve(session.cookie)).toBeDefined();
  });

  it("refuses another session's CSRF token", async () => {
    const mine = await freshSession(shared.userId);
    const theirs = await freshSession(shared.userId);
    const res = await logoutRequest('POST', { decision: 'logout', csrf_token: theirs.csrf }, mine.cookie);
    expect(res.status).toBe(403);
    expect(await server.lk.sessions.resolve(mine.cookie)).toBeDefined();
  });

  it('never signs out on GET, whatever the query says', async () => {
    const session = await freshSession(shared.userId);
    const res = await logoutRequest('GET', { decision: 'logout', csrf_token: session.csrf, id_token_hint: shared.idToken, post_logout_redirect_uri: loggedOut }, session.cookie);
    expect(res.status).toBe(200);
    expect(res.location).toBeNull();
    expect(clearsSession(res)).toBe(false);
    expect(await server.lk.sessions.resolve(session.cookie)).toBeDefined();
  });

  it('keeps the session when the user chooses "Stay signed in"', async () => {
    const session = await freshSession(shared.userId);
    const get = await logoutRequest('GET', { id_token_hint: shared.idToken, post_logout_redirect_uri: loggedOut, state: 's' }, session.cookie);
    const res = await logoutRequest('POST', { ...hiddenFields(get.html), decision: 'cancel' }, session.cookie);
    expect(res.status).toBe(303);
    expect(res.location).toBe('/account');
    expect(clearsSession(res)).toBe(false);
    expect(await server.lk.sessions.resolve(session.cookie)).toBeDefined();
    const stillIn = createBrowser(server.url);
    stillIn.setCookie('latchkey_session', session.cookie);
    expect((await stillIn.get('/account')).status).toBe(200);
  });

  it('without a session: the signed-out page, or straight back to a valid registered URI', async () => {
    const plain = await logoutRequest('GET', {});
    expect(plain.status).toBe(200);
    expect(plain.location).toBeNull();
    expectPageHeaders(plain);
    expect(plain.html).toContain('You have signed out.');

    const unknown = await logoutRequest('GET', { id_token_hint: shared.idToken, post_logout_redirect_uri: 'https://evil.example.com/' });
    expect(unknown.status).toBe(200);
    expect(unknown.location).toBeNull();

    const valid = await logoutRequest('GET', { id_token_hint: shared.idToken, post_logout_redirect_uri: loggedOut, state: 'q' });
    expect(valid.status).toBe(303);
    expect(valid.location).toBe(`${loggedOut}?state=q`);

    // A stale cookie counts as no session.
    const stale = await logoutRequest('POST', { decision: 'logout', csrf_token: 'x' }, 'A'.repeat(43));
    expect(stale.status).toBe(200);
    expect(stale.location).toBeNull();
  });
});
