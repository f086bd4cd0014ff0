import type { PublicKeyCredentialCreationOptionsJSON, PublicKeyCredentialRequestOptionsJSON } from '@simplewebauthn/server';
import { tokensFromRedirect, callbackParams, type Browser, type BrowserResponse, createBrowser, csrfFrom, pkcePair, signInAndAuthorize } from '../helpers/browser-flow.js';
import { SoftAuthenticator } from '../helpers/soft-authenticator.js';
import { jwtPayload, recentAuditEvents, registerClient, registerUser, startTestServer, type TestClient, testClock, type TestServer } from '../helpers/test-server.js';

/**
 * Issue 10, passkeys (WebAuthn Level 3 with @simplewebauthn/server): registration from the account page,
 * a passkey as the second factor after the password, and passwordless sign-in with a discoverable
 * credential. A software authenticator (test/helpers/soft-authenticator.ts) sends the bytes a browser
 * would, so every server check runs: the one-time challenge bound to its session or sign-in, origin,
 * RP ID, user verification, signature and sign counter (WebAuthn §7.1, §7.2).
 */

const clock = testClock();
let server: TestServer;
let origin: string;
beforeAll(async () => {
  server = await startTestServer({ clock, issuerHost: 'localhost' });
  origin = server.issuer;
});
afterAll(() => server.close());

const redirectUri = 'https://app.example.com/cb';

function app(extra: Parameters<typeof registerClient>[1] = {}): Promise<TestClient> {
  return registerClient(server.lk, { grantTypes: ['authorization_code'], scopes: ['openid', 'read'], redirectUris: [redirectUri], firstParty: true, ...extra });
}

/** The WebAuthn options a page embeds for its script. */
function optionsIn<T>(html: string): T {
  const match = /<script type="application\/json" id="passkey-options">([\s\S]*?)<\/script>/.exec(html);
  if (!match) throw new Error('no passkey options on the page');
  return JSON.parse(match[1]!) as T;
}

/** A browser signed in to the account page with a password. */
async function accountBrowser(user: { username: string; password: string }): Promise<Browser> {
  const browser = createBrowser(server.url);
  const login = await browser.get('/login');
  const done = await browser.post('/login', { username: user.username, password: user.password, csrf_token: csrfFrom(login.html) });
  expect(done.status).toBe(303);
  expect(done.location).toBe('/account');
  return browser;
}

/** Registers a passkey from the account page; the answer to the registration form. */
async function register(browser: Browser, authenticator: SoftAuthenticator, name = 'Laptop', answer: Parameters<SoftAuthenticator['create']>[1] = {}): Promise<BrowserResponse> {
  const page = await browser.get('/account/passkeys/new');
  expect(page.status).toBe(200);
  const credential = authenticator.create(optionsIn<PublicKeyCredentialCreationOptionsJSON>(page.html), answer);
  return browser.post('/account/passkeys', { csrf_token: csrfFrom(page.html), name, credential: JSON.stringify(credential) });
}

/** A user with one registered passkey (and so recovery codes). */
async function userWithPasskey(synced = false) {
  const registered = await registerUser(server.lk);
  const authenticator = new SoftAuthenticator(origin, synced);
  const browser = await accountBrowser(registered);
  const answer = await register(browser, authenticator);
  expect(answer.status).toBe(200);
  const codes = [...answer.html.matchAll(/<code>([A-Z0-9-]{14})<\/code>/g)].map((m) => m[1]!);
  return { ...registered, authenticator, codes, browser };
}

/** Starts an authorization request and answers the login page's "Sign in with a passkey". */
async function passwordless(client: TestClient, authenticator: SoftAuthenticator, answer: Parameters<SoftAuthenticator['get']>[1] = {}, params: Record<string, string> = {}) {
  const browser = createBrowser(server.url);
  const pkce = pkcePair();
  const query = new URLSearchParams({
    response_type: 'code',
    client_id: client.client.clientId,
    redirect_uri: redirectUri,
    scope: 'openid read',
    state: 's',
    code_challenge: pkce.challenge,
    code_challenge_method: 'S256',
    ...params,
  });
  const authorize = await browser.get(`/authorize?${query.toString()}`);
  expect(authorize.location).toBe('/login');
  const page = await browser.get('/login');
  const options = optionsIn<PublicKeyCredentialRequestOptionsJSON>(page.html);
  const assertion = authenticator.get(options, answer);
  const response = await browser.post('/login/passkey', { csrf_token: csrfFrom(page.html), credential: JSON.stringify(assertion) });
  return { browser, page, options, assertion, response, verifier: pkce.verifier };
}

describe('registering a passkey from the account page', () => {
  it('asks for a resident key and user verification, and stores the passkey with the first recovery codes', async () => {
    const { user, username, password } = await registerUser(server.lk);
    const browser = await accountBrowser({ username, password });
    const page = await browser.get('/account/passkeys/new');
    expect(page.status).toBe(200);
    expect(page.html).toMatch(/<script nonce="[^"]+" src="\/assets\/passkeys.js" defer><\/script>/);
    const options = optionsIn<PublicKeyCredentialCreationOptionsJSON>(page.html);
    expect(options.rp).toEqual({ name: 'Latchkey', id: 'localhost' });
    expect(options.user.name).toBe(username);
    expect(options.authenticatorSelection).toMatchObject({ residentKey: 'preferred', userVerification: 'required' });
    expect(options.attestation).toBe('none');
    expect(options.excludeCredentials).toEqual([]);

    const authenticator = new SoftAuthenticator(origin);
    const credential = authenticator.create(options);
    // Transports are the browser's to write: unknown names are dropped, not stored.
    credential.response.transports = ['internal', 'x'.repeat(500) as 'usb', 'internal'];
    const answer = await browser.post('/account/passkeys', { csrf_token: csrfFrom(page.html), name: ' Work\u0007 laptop ', credential: JSON.stringify(credential) });
    expect(answer.status).toBe(200);
    expect([...answer.html.matchAll(/<code>[A-Z0-9]{4}-[A-Z0-9]{4}-[A-Z0-9]{4}<\/code>/g)]).toHaveLength(10);

    const summary = await server.lk.secondFactors.summary(user.id);
    expect(summary.passkeys).toEqual([{ id: expect.any(String), name: 'Work  laptop', synced: false, backedUp: false, createdAt: clock.now(), lastUsedAt: null }]);
    expect(summary.recoveryCodes.left).toBe(10);
    const [event] = await recentAuditEvents(server, 1, 'user.mfa_enrolled');
    expect(event).toMatchObject({ subject: user.id, detail: { factor: 'passkey', synced: false, recovery_codes: 10 } });

    // A second passkey: the first is excluded (WebAuthn §5.4 excludeCredentials), no new codes.
    const again = await browser.get('/account/passkeys/new');
    expect(optionsIn<PublicKeyCredentialCreationOptionsJSON>(again.html).excludeCredentials).toEqual([{ id: credential.id, type: 'public-key', transports: ['internal'] }]);
    clock.advance(1000);
    const second = new SoftAuthenticator(origin, true);
    const added = await browser.post('/account/passkeys', { csrf_token: csrfFrom(again.html), name: '', credential: JSON.stringify(second.create(optionsIn(again.html))) });
    expect(added.status).toBe(303);
    expect(added.location).toBe('/account?passkey=added');
    const both = await server.lk.secondFactors.summary(user.id);
    expect(both.passkeys.map((p) => [p.name, p.synced, p.backedUp])).toEqual([
      ['Work  laptop', false, false],
      ['Passkey', true, true],
    ]);
    expect(both.recoveryCodes.left).toBe(10);
    const account = await browser.get('/account?passkey=added');
    expect(account.html).toContain('The passkey was added.');
    expect(account.html).toContain('Synced across your devices');
  });

  it.each([
    ['without user verification', { userVerified: false }],
    ['from another origin', { origin: 'https://evil.example' }],
    ['for another RP ID', { rpId: 'evil.example' }],
    ['answering another challenge', { challenge: 'bm90LXRoZS1jaGFsbGVuZ2U' }],
  ])('refuses a response %s, and stores nothing', async (_name, answer) => {
    const { user, username, password } = await registerUser(server.lk);
    const browser = await accountBrowser({ username, password });
    const refused = await register(browser, new SoftAuthenticator(origin), 'Mine', answer);
    expect(refused.status).toBe(200);
    expect(refused.html).toContain('role="alert"');
    expect(refused.html).toContain('That passkey could not be added.');
    expect((await server.lk.secondFactors.summary(user.id)).passkeys).toEqual([]);
  });

  it('answers each challenge once, and only in the session it was made for', async () => {
    const { user, username, password } = await registerUser(server.lk);
    const browser = await accountBrowser({ username, password });
    const page = await browser.get('/account/passkeys/new');
    const credential = JSON.stringify(new SoftAuthenticator(origin).create(optionsIn(page.html)));

    // Another session of the same user cannot use this session's challenge.
    const other = await accountBrowser({ username, password });
    const otherPage = await other.get('/account/passkeys/new');
    const elsewhere = await other.post('/account/passkeys', { csrf_token: csrfFrom(otherPage.html), credential });
    expect(elsewhere.html).toContain('That passkey could not be added.');

    const first = await browser.post('/account/passkeys', { csrf_token: csrfFrom(page.html), credential });
    expect(first.status).toBe(200);
    const replay = await browser.post('/account/passkeys', { csrf_token: csrfFrom(page.html), credential });
    expect(replay.html).toContain('That passkey could not be added.');
    expect((await server.lk.secondFactors.summary(user.id)).passkeys).toHaveLength(1);
  });

  it.each([
    ['no credential', undefined],
    ['not JSON', '{"id":'],
    ['JSON of another shape', '["public-key"]'],
    ['a credential without client data', JSON.stringify({ id: 'x', rawId: 'x', type: 'public-key', response: {} })],
  ])('answers %s with the page and its error, never a 500', async (_name, credential) => {
    const { username, password } = await registerUser(server.lk);
    const browser = await accountBrowser({ username, password });
    const page = await browser.get('/account/passkeys/new');
    const answer = await browser.post('/account/passkeys', { csrf_token: csrfFrom(page.html), credential });
    expect(answer.status).toBe(200);
    expect(answer.html).toContain('That passkey could not be added.');
  });

  it('refuses the form without the session CSRF token, and sends a stale session through sign-in first', async () => {
    const { username, password } = await registerUser(server.lk);
    const browser = await accountBrowser({ username, password });
    const page = await browser.get('/account/passkeys/new');
    expect(page.status).toBe(200);
    const forged = await browser.post('/account/passkeys', { csrf_token: 'forged', credential: '{}' });
    expect(forged.status).toBe(403);
    clock.advance(301_000);
    const stale = await browser.get('/account/passkeys/new');
    expect(stale.status).toBe(303);
    expect(stale.location).toBe('/login');
    expect((await browser.get('/login')).html).not.toContain('Continue as');
  });
});

describe('signing in with a passkey, without a password', () => {
  it('offers discoverable credentials on the login page and issues phishing-resistant tokens', async () => {
    const client = await app();
    const { user, authenticator } = await userWithPasskey();
    const { options, response, page, verifier } = await passwordless(client, authenticator);
    expect(page.html).toContain('Sign in with a passkey');
    expect(options).toMatchObject({ rpId: 'localhost', userVerification: 'required', allowCredentials: [] });
    const tokens = await tokensFromRedirect(server, client, response, verifier);
    const expected = { sub: user.id, acr: 'phr', amr: ['hwk', 'user', 'mfa'], auth_time: Math.floor(clock.now() / 1000) };
    expect(jwtPayload(tokens.id_token!)).toMatchObject(expected);
    expect(jwtPayload(tokens.access_token)).toMatchObject({ acr: 'phr', amr: ['hwk', 'user', 'mfa'] });
    const [stored] = (await server.lk.secondFactors.summary(user.id)).passkeys;
    expect(stored!.lastUsedAt).toBe(clock.now());
    const [login] = await recentAuditEvents(server, 1, 'user.login');
    expect(login).toMatchObject({ subject: user.id, detail: { amr: ['hwk', 'user', 'mfa'] } });
  });

  it('says swk for a synced passkey (RFC 8176 §2)', async () => {
    const client = await app();
    const { authenticator } = await userWithPasskey(true);
    const { response, verifier } = await passwordless(client, authenticator);
    const tokens = await tokensFromRedirect(server, client, response, verifier);
    expect(jwtPayload(tokens.id_token!)).toMatchObject({ acr: 'phr', amr: ['swk', 'user', 'mfa'] });
  });

  it.each([
    ['without user verification (isBadUV)', { userVerified: false }],
    ['with a bogus signature (isBogusSignature)', { bogusSignature: true }],
    ['from another origin', { origin: 'https://evil.example' }],
    ['for another RP ID', { rpId: 'evil.example' }],
    ['answering another challenge', { challenge: 'bm90LXRoZS1jaGFsbGVuZ2U' }],
    ['with a sign counter that went back (WebAuthn §6.1.1)', { signCount: 0 }],
    ['with another user handle', { userHandle: 'b3RoZXI' }],
  ])('refuses an assertion %s: the login page again, no session, audited', async (_name, answer) => {
    const client = await app();
    const { user, authenticator } = await userWithPasskey();
    // One good use first, so the counter has something to go back from.
    await passwordless(client, authenticator);
    const { response, browser } = await passwordless(client, authenticator, answer);
    expect(response.status).toBe(200);
    expect(response.html).toContain('That passkey could not sign you in.');
    expect(response.html).toContain('role="alert"');
    expect(browser.cookie('latchkey_session')).toBeUndefined();
    const [failed] = await recentAuditEvents(server, 1, 'user.passkey_failed');
    expect(failed).toMatchObject({ subject: user.id, outcome: 'failure', detail: { via: 'passwordless' } });
  });

  it('answers each challenge once: a replayed assertion is refused', async () => {
    const client = await app();
    const { authenticator } = await userWithPasskey();
    const first = await passwordless(client, authenticator);
    expect(first.response.status).toBe(302);
    // The same assertion, posted into another sign-in: its challenge is gone (and was bound to the first).
    const browser = createBrowser(server.url);
    const page = await browser.get('/login');
    const replay = await browser.post('/login/passkey', { csrf_token: csrfFrom(page.html), credential: JSON.stringify(first.assertion) });
    expect(replay.status).toBe(200);
    expect(replay.html).toContain('That passkey could not sign you in.');
    expect(browser.cookie('latchkey_session')).toBeUndefined();
  });

  it('refuses an unknown credential, a disabled user, and a form without the CSRF token', async () => {
    const client = await app();
    const stranger = new SoftAuthenticator(origin);
    stranger.create({ rp: { name: 'x', id: 'localhost' }, user: { id: 'eA', name: 'x', displayName: 'x' }, challenge: 'eA', pubKeyCredParams: [] });
    expect((await passwordless(client, stranger)).response.html).toContain('That passkey could not sign you in.');

    const { username, authenticator } = await userWithPasskey();
    await server.lk.users.disable(username);
    const disabled = await passwordless(client, authenticator);
    expect(disabled.response.status).toBe(200);
    expect(disabled.response.html).toContain('That passkey could not sign you in.');
    expect(disabled.browser.cookie('latchkey_session')).toBeUndefined();

    const browser = createBrowser(server.url);
    await browser.get('/login');
    const forged = await browser.post('/login/passkey', { csrf_token: 'forged', credential: '{}' });
    expect(forged.status).toBe(403);
  });

  it('signs in to the account page too', async () => {
    const { authenticator } = await userWithPasskey();
    const browser = createBrowser(server.url);
    const page = await browser.get('/login');
    const assertion = authenticator.get(optionsIn(page.html));
    const done = await browser.post('/login/passkey', { csrf_token: csrfFrom(page.html), credential: JSON.stringify(assertion) });
    expect(done.status).toBe(303);
    expect(done.location).toBe('/account');
    expect((await browser.get('/account')).html).toContain('Passkeys');
  });
});

describe('a passkey as the second factor', () => {
  it('follows the password: the user’s passkeys are allowed, and the tokens say phr', async () => {
    const client = await app();
    const { user, username, password, authenticator } = await userWithPasskey();
    const started = await signInAndAuthorize(server, { client, user: { username, password }, params: { scope: 'openid read' } });
    expect(started.response.location).toBe('/login/second-factor');
    const page = await started.browser.get('/login/second-factor');
    const options = optionsIn<PublicKeyCredentialRequestOptionsJSON>(page.html);
    expect(options.allowCredentials).toEqual([{ id: authenticator.credentials[0]!.id.toString('base64url'), type: 'public-key', transports: ['internal'] }]);
    // No authenticator app: the code form takes a recovery code, with no switch to the app.
    expect(page.html).toContain('Recovery code');
    expect(page.html).not.toContain('Use the authenticator app instead');

    const assertion = authenticator.get(options);
    const done = await started.browser.post('/login/second-factor', { csrf_token: csrfFrom(page.html), method: 'passkey', credential: JSON.stringify(assertion) });
    const tokens = await tokensFromRedirect(server, client, done, started.verifier);
    expect(jwtPayload(tokens.id_token!)).toMatchObject({ sub: user.id, acr: 'phr', amr: ['pwd', 'hwk', 'user', 'mfa'] });
  });

  it('refuses an assertion without user verification, and counts it as a second-factor failure', async () => {
    const client = await app();
    const { user, username, password, authenticator } = await userWithPasskey();
    const started = await signInAndAuthorize(server, { client, user: { username, password }, params: { scope: 'openid read' } });
    const page = await started.browser.get('/login/second-factor');
    const assertion = authenticator.get(optionsIn(page.html), { userVerified: false });
    const refused = await started.browser.post('/login/second-factor', { csrf_token: csrfFrom(page.html), method: 'passkey', credential: JSON.stringify(assertion) });
    expect(refused.status).toBe(200);
    expect(refused.html).toContain('That passkey could not be verified.');
    expect(started.browser.cookie('latchkey_session')).toBeUndefined();
    const [failed] = await recentAuditEvents(server, 1, 'user.second_factor_failed');
    expect(failed).toMatchObject({ subject: user.id, detail: { factor: 'passkey', failures: 1 } });
  });

  it('refuses another user’s passkey', async () => {
    const client = await app();
    const alice = await userWithPasskey();
    const bob = await userWithPasskey();
    const started = await signInAndAuthorize(server, { client, user: { username: alice.username, password: alice.password }, params: { scope: 'openid read' } });
    const page = await started.browser.get('/login/second-factor');
    const options = optionsIn<PublicKeyCredentialRequestOptionsJSON>(page.html);
    const assertion = bob.authenticator.get({ ...options, allowCredentials: [] });
    const refused = await started.browser.post('/login/second-factor', { csrf_token: csrfFrom(page.html), method: 'passkey', credential: JSON.stringify(assertion) });
    expect(refused.html).toContain('That passkey could not be verified.');
  });

  it('is the only way to an essential phr request: a code is refused before it is used', async () => {
    const client = await app();
    const { username, password, authenticator, codes } = await userWithPasskey();
    const claims = JSON.stringify({ id_token: { acr: { essential: true, values: ['phr'] } } });
    const started = await signInAndAuthorize(server, { client, user: { username, password }, params: { scope: 'openid read', claims } });
    const page = await started.browser.get('/login/second-factor');
    expect(page.html).toContain('This sign-in needs a passkey.');
    expect(page.html).not.toContain('name="code"');
    const code = await started.browser.post('/login/second-factor', { csrf_token: csrfFrom(page.html), method: 'recovery_code', code: codes[0] });
    expect(code.html).toContain('This sign-in needs a passkey.');
    const passkeyPage = await started.browser.get('/login/second-factor');
    const done = await started.browser.post('/login/second-factor', {
      csrf_token: csrfFrom(passkeyPage.html),
      method: 'passkey',
      credential: JSON.stringify(authenticator.get(optionsIn(passkeyPage.html))),
    });
    const tokens = await tokensFromRedirect(server, client, done, started.verifier);
    expect(jwtPayload(tokens.id_token!)).toMatchObject({ acr: 'phr' });
  });

  it('cannot be met for a user without a passkey: an essential phr request is unmet', async () => {
    const client = await app();
    const { username, password } = await registerUser(server.lk);
    const claims = JSON.stringify({ id_token: { acr: { essential: true, values: ['phr'] } } });
    const started = await signInAndAuthorize(server, { client, user: { username, password }, params: { scope: 'openid read', claims } });
    expect(started.response.status).toBe(302);
    expect(callbackParams(started.response.location!)).toMatchObject({ error: 'unmet_authentication_requirements' });
  });
});

describe('managing passkeys', () => {
  it('renames and removes a passkey; with the last factor go the recovery codes', async () => {
    const { user, browser } = await userWithPasskey();
    const [passkey] = (await server.lk.secondFactors.summary(user.id)).passkeys;
    const account = await browser.get('/account');
    const csrf = csrfFrom(account.html);

    const renamed = await browser.post('/account/passkeys/rename', { csrf_token: csrf, passkey_id: passkey!.id, name: 'Phone' });
    expect(renamed.location).toBe('/account?passkey=renamed');
    expect((await server.lk.secondFactors.summary(user.id)).passkeys[0]!.name).toBe('Phone');

    // Another user's passkey id changes nothing.
    const other = await userWithPasskey();
    const [theirs] = (await server.lk.secondFactors.summary(other.user.id)).passkeys;
    expect((await browser.post('/account/passkeys/remove', { csrf_token: csrf, passkey_id: theirs!.id })).location).toBe('/account');
    expect((await server.lk.secondFactors.summary(other.user.id)).passkeys).toHaveLength(1);

    const removed = await browser.post('/account/passkeys/remove', { csrf_token: csrf, passkey_id: passkey!.id });
    expect(removed.location).toBe('/account?passkey=removed');
    const summary = await server.lk.secondFactors.summary(user.id);
    expect(summary.passkeys).toEqual([]);
    expect(summary.recoveryCodes.total).toBe(0);
    const [event] = await recentAuditEvents(server, 1, 'user.mfa_removed');
    expect(event).toMatchObject({ subject: user.id, detail: { factor: 'passkey', passkey_id: passkey!.id, recovery_codes_removed: 10 } });
  });

  it('needs a fresh sign-in to remove one', async () => {
    const { user, browser } = await userWithPasskey();
    const [passkey] = (await server.lk.secondFactors.summary(user.id)).passkeys;
    const csrf = csrfFrom((await browser.get('/account')).html);
    clock.advance(301_000);
    const stale = await browser.post('/account/passkeys/remove', { csrf_token: csrf, passkey_id: passkey!.id });
    expect(stale.location).toBe('/login');
    expect((await server.lk.secondFactors.summary(user.id)).passkeys).toHaveLength(1);
  });

  it('goes with users reset-mfa', async () => {
    const { user } = await userWithPasskey();
    const reset = await server.lk.secondFactors.reset(user);
    expect(reset).toMatchObject({ passkeysRemoved: 1, recoveryCodesRemoved: 10 });
    expect((await server.lk.secondFactors.summary(user.id)).passkeys).toEqual([]);
  });
});

describe('an issuer on an IP address', () => {
  it('offers no passkeys: browsers refuse an IP address as RP ID (WebAuthn §5.1.3)', async () => {
    const onIp = await startTestServer();
    try {
      expect(onIp.lk.config.webauthn).toEqual({ rpId: '127.0.0.1', origin: onIp.url });
      const { username, password } = await registerUser(onIp.lk);
      const browser = createBrowser(onIp.url);
      const login = await browser.get('/login');
      expect(login.html).not.toContain('passkey-options');
      await browser.post('/login', { username, password, csrf_token: csrfFrom(login.html) });
      expect((await browser.get('/account')).html).not.toContain('Add a passkey');
      const page = await browser.get('/account/passkeys/new');
      expect({ status: page.status, location: page.location }).toEqual({ status: 303, location: '/account' });
    } finally {
      await onIp.close();
    }
  });
});

describe('GET /assets/passkeys.js', () => {
  it('serves @simplewebauthn/browser and the glue, cacheable with an ETag', async () => {
    const res = await fetch(`${server.url}/assets/passkeys.js`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(res.headers.get('cache-control')).toBe('public, max-age=86400');
    const body = await res.text();
    expect(body).toContain('SimpleWebAuthnBrowser');
    expect(body).toContain("getElementById('passkey-options')");
    const again = await fetch(`${server.url}/assets/passkeys.js`, { headers: { 'If-None-Match': res.headers.get('etag')! } });
    expect(again.status).toBe(304);
  });
});
