import { postToken } from '../../generated/sdk.gen.js';
import { tokensFromRedirect, callbackParams, type Browser, type BrowserResponse, createBrowser, csrfFrom, signInAndAuthorize } from '../helpers/browser-flow.js';
import { enrolTotp, totpCode } from '../helpers/second-factors.js';
import { jwtPayload, recentAuditEvents, registerClient, registerUser, startTestServer, type TestClient, testClock, type TestServer } from '../helpers/test-server.js';

/**
 * Issue 10, the sign-in side: a user with a second factor always gives it after the password; a client
 * with require_mfa and a request's acr_values or essential acr claim raise the level (OIDC Core §3.1.2.1,
 * §5.5.1.1), never lower it; a session below the level steps up with the second factor alone; prompt=none
 * answers interaction_required (§3.1.2.6); the tokens say acr urn:latchkey:acr:mfa and amr pwd, otp, mfa.
 */

const clock = testClock();
let server: TestServer;
beforeAll(async () => {
  server = await startTestServer({ clock });
});
afterAll(() => server.close());

const redirectUri = 'https://app.example.com/cb';
const mfaLevel = { acr: 'urn:latchkey:acr:mfa', amr: ['pwd', 'otp', 'mfa'] };

function app(extra: Parameters<typeof registerClient>[1] = {}): Promise<TestClient> {
  return registerClient(server.lk, { grantTypes: ['authorization_code'], scopes: ['openid', 'read'], redirectUris: [redirectUri], firstParty: true, ...extra });
}

async function userWithTotp() {
  const registered = await registerUser(server.lk);
  const { secret, recoveryCodes } = await enrolTotp(server.lk, { id: registered.user.id, username: registered.username }, clock.now());
  return { ...registered, secret, recoveryCodes };
}

/** The second-factor page after a redirect to it, and a POST of one code from it. */
async function giveCode(browser: Browser, code: string, method: 'totp' | 'recovery_code' = 'totp'): Promise<BrowserResponse> {
  const page = await browser.get(`/login/second-factor${method === 'recovery_code' ? '?method=recovery_code' : ''}`);
  expect(page.status).toBe(200);
  return browser.post('/login/second-factor', { csrf_token: csrfFrom(page.html), method, code });
}

describe('a user with TOTP', () => {
  it('gives a code after the password; the tokens say multi-factor', async () => {
    const client = await app();
    const { username, password, secret } = await userWithTotp();
    const started = await signInAndAuthorize(server, { client, user: { username, password }, params: { scope: 'openid read' } });
    expect(started.response.status).toBe(303);
    expect(started.response.location).toBe('/login/second-factor');
    // No session before the second factor.
    expect(started.browser.cookie('latchkey_session')).toBeUndefined();
    const page = await started.browser.get('/login/second-factor');
    expect(page.html).toContain('autocomplete="one-time-code"');

    const wrong = await started.browser.post('/login/second-factor', { csrf_token: csrfFrom(page.html), method: 'totp', code: '000000' === totpCode(secret, clock.now()) ? '111111' : '000000' });
    expect(wrong.status).toBe(200);
    expect(wrong.html).toContain('role="alert"');
    expect(started.browser.cookie('latchkey_session')).toBeUndefined();

    // The enrolment used the current time step (RFC 6238 §5.2: each step once): the next one.
    clock.advance(30_000);
    const done = await giveCode(started.browser, totpCode(secret, clock.now()));
    const tokens = await tokensFromRedirect(server, client, done, started.verifier);
    expect(jwtPayload(tokens.id_token!)).toMatchObject({ ...mfaLevel, auth_time: Math.floor(clock.now() / 1000) });
    expect(jwtPayload(tokens.access_token)).toMatchObject(mfaLevel);
    const [login] = await recentAuditEvents(server, 1, 'user.login');
    expect(login!.detail).toEqual({ amr: mfaLevel.amr });
  });

  it('may use a recovery code instead, once', async () => {
    const client = await app();
    const { username, password, recoveryCodes } = await userWithTotp();
    const first = await signInAndAuthorize(server, { client, user: { username, password }, params: { scope: 'openid read' } });
    const done = await giveCode(first.browser, recoveryCodes[0]!, 'recovery_code');
    expect(jwtPayload((await tokensFromRedirect(server, client, done, first.verifier)).id_token!)).toMatchObject(mfaLevel);

    const again = await signInAndAuthorize(server, { client, user: { username, password }, params: { scope: 'openid read' } });
    const refused = await giveCode(again.browser, recoveryCodes[0]!, 'recovery_code');
    expect(refused.status).toBe(200);
    expect(refused.html).toContain('role="alert"');
  });

  it('refuses a form without the CSRF token, and the page without a sign-in in progress', async () => {
    const client = await app();
    const { username, password, secret } = await userWithTotp();
    const started = await signInAndAuthorize(server, { client, user: { username, password } });
    const forged = await started.browser.post('/login/second-factor', { csrf_token: 'x'.repeat(43), method: 'totp', code: totpCode(secret, clock.now()) });
    expect(forged.status).toBe(403);
    expect((await createBrowser(server.url).get('/login/second-factor')).status).toBe(400);
  });

  it('disabled between the password and the code: no session, no code (issue 8: one check on every path)', async () => {
    const client = await app();
    const { username, password, secret } = await userWithTotp();
    const started = await signInAndAuthorize(server, { client, user: { username, password } });
    await server.lk.users.disable(username);
    clock.advance(30_000);
    const refused = await giveCode(started.browser, totpCode(secret, clock.now()));
    expect(refused.status).toBe(400);
    expect(started.browser.cookie('latchkey_session')).toBeUndefined();
  });

  it('cannot use the password grant: refused before the password is checked, the same either way', async () => {
    const client = await app({ grantTypes: ['password'], redirectUris: [] });
    const { username, password } = await userWithTotp();
    const answers = await Promise.all(
      [password, 'wrong password'].map((candidate) =>
        postToken({ client: server.sdk, body: { grant_type: 'password', username, password: candidate }, headers: { Authorization: client.basic! } }),
      ),
    );
    for (const answer of answers) {
      expect(answer.response.status).toBe(400);
      expect(answer.error).toEqual({ error: 'invalid_grant', error_description: expect.stringContaining('authorization code flow') });
    }
    expect(answers[0]!.error).toEqual(answers[1]!.error);
  });
});

describe('the level a request or a client asks for', () => {
  it('a client with require_mfa: a user without a second factor sets up the authenticator app within the sign-in, then goes on', async () => {
    const client = await app({ requireMfa: true });
    const { user, username, password } = await registerUser(server.lk);
    const started = await signInAndAuthorize(server, { client, user: { username, password }, params: { scope: 'openid' } });
    expect(started.response.location).toBe('/login/second-factor');
    const setup = await started.browser.get('/login/second-factor');
    expect(setup.status).toBe(200);
    expect(setup.html).toContain('<svg');
    const secret = /secret=([A-Z2-7]+)/.exec(setup.html)![1]!;
    expect(started.browser.cookie('latchkey_session')).toBeUndefined();

    const wrong = await started.browser.post('/login/second-factor', { csrf_token: csrfFrom(setup.html), code: '12345' });
    expect(wrong.status).toBe(200);
    expect(wrong.html).toContain('role="alert"');
    const codes = await started.browser.post('/login/second-factor', { csrf_token: csrfFrom(setup.html), code: totpCode(secret, clock.now()) });
    expect(codes.status).toBe(200);
    expect(codes.html.match(/<li><code>/g)).toHaveLength(10);
    expect(started.browser.cookie('latchkey_session')).toBeUndefined();
    expect(await server.lk.secondFactors.enrolled(user.id)).toEqual({ totp: true, recoveryCodesLeft: 10, passkeys: 0 });

    const done = await started.browser.get('/login/second-factor?method=continue');
    expect(jwtPayload((await tokensFromRedirect(server, client, done, started.verifier)).id_token!)).toMatchObject(mfaLevel);
  });

  it('continue before the sign-in reached its level only shows the form again', async () => {
    const client = await app();
    const { username, password } = await userWithTotp();
    const started = await signInAndAuthorize(server, { client, user: { username, password } });
    const early = await started.browser.get('/login/second-factor?method=continue');
    expect(early.status).toBe(200);
    expect(early.html).toContain('autocomplete="one-time-code"');
    expect(started.browser.cookie('latchkey_session')).toBeUndefined();
  });

  it('a client with require_mfa refuses the password grant for every user', async () => {
    const client = await app({ grantTypes: ['password'], redirectUris: [], requireMfa: true });
    const { username, password } = await registerUser(server.lk);
    const res = await postToken({ client: server.sdk, body: { grant_type: 'password', username, password }, headers: { Authorization: client.basic! } });
    expect(res.error?.error).toBe('invalid_grant');
  });

  it('acr_values for the multi-factor level steps a password session up with the second factor alone', async () => {
    const client = await app();
    const { user, username, password } = await registerUser(server.lk);
    const plain = await signInAndAuthorize(server, { client, user: { username, password }, params: { scope: 'openid read' } });
    expect(jwtPayload((await tokensFromRedirect(server, client, plain.response, plain.verifier)).id_token!)).toMatchObject({ acr: 'urn:latchkey:acr:pwd', amr: ['pwd'] });
    const { secret } = await enrolTotp(server.lk, { id: user.id, username }, clock.now());
    const before = plain.browser.cookie('latchkey_session');

    clock.advance(31_000);
    const stepUp = await signInAndAuthorize(server, { client, browser: plain.browser, params: { scope: 'openid read', acr_values: 'urn:latchkey:acr:mfa' } });
    expect(stepUp.loginPage).toBeNull();
    expect(stepUp.response.location).toBe('/login/second-factor');
    const done = await giveCode(plain.browser, totpCode(secret, clock.now()));
    expect(jwtPayload((await tokensFromRedirect(server, client, done, stepUp.verifier)).id_token!)).toMatchObject(mfaLevel);
    // The session id is rotated when the level rises.
    expect(plain.browser.cookie('latchkey_session')).not.toBe(before);
  });

  it('prompt=none below the level answers interaction_required (OIDC Core §3.1.2.6)', async () => {
    const client = await app();
    const { username, password } = await registerUser(server.lk);
    const plain = await signInAndAuthorize(server, { client, user: { username, password } });
    const silent = await signInAndAuthorize(server, { client, browser: plain.browser, params: { prompt: 'none', acr_values: 'urn:latchkey:acr:mfa' } });
    expect(callbackParams(silent.location!)).toMatchObject({ error: 'interaction_required' });
  });

  it('the acr claim request (OIDC Core §5.5.1.1): a known value raises the level; an essential unknown one is unmet; bad JSON is invalid_request', async () => {
    const client = await app();
    const { username, password } = await registerUser(server.lk);
    const claims = (acr: unknown) => JSON.stringify({ id_token: { acr } });
    const raised = await signInAndAuthorize(server, { client, user: { username, password }, params: { claims: claims({ values: ['urn:latchkey:acr:mfa'] }) } });
    expect(raised.response.location).toBe('/login/second-factor');
    const unmet = await signInAndAuthorize(server, { client, params: { claims: claims({ essential: true, value: 'urn:example:loa:4' }) } });
    expect(callbackParams(unmet.location!)).toMatchObject({ error: 'unmet_authentication_requirements' });
    // A user without a passkey cannot reach an essential phishing-resistant level: unmet after the password.
    const phr = await signInAndAuthorize(server, { client, user: { username, password }, params: { claims: claims({ essential: true, values: ['phr'] }) } });
    expect(callbackParams(phr.location!)).toMatchObject({ error: 'unmet_authentication_requirements' });
    const malformed = await signInAndAuthorize(server, { client, params: { claims: '{"id_token":' } });
    expect(callbackParams(malformed.location!)).toMatchObject({ error: 'invalid_request' });
  });

  it('unknown acr_values are ignored; a request never lowers what the user has', async () => {
    const client = await app();
    const { username, password } = await registerUser(server.lk);
    const plain = await signInAndAuthorize(server, { client, user: { username, password }, params: { scope: 'openid', acr_values: 'urn:example:unknown' } });
    expect(jwtPayload((await tokensFromRedirect(server, client, plain.response, plain.verifier)).id_token!)).toMatchObject({ acr: 'urn:latchkey:acr:pwd' });
    const withTotp = await userWithTotp();
    const lowered = await signInAndAuthorize(server, { client, user: withTotp, params: { acr_values: 'urn:latchkey:acr:pwd' } });
    expect(lowered.response.location).toBe('/login/second-factor');
  });

  it('max_age with the multi-factor level: factors older than max_age do not count, so the user signs in again', async () => {
    const client = await app();
    const { username, password, secret } = await userWithTotp();
    const first = await signInAndAuthorize(server, { client, user: { username, password } });
    clock.advance(30_000);
    expect((await giveCode(first.browser, totpCode(secret, clock.now()))).status).toBe(302);
    clock.advance(600_000);
    const later = await signInAndAuthorize(server, { client, browser: first.browser, user: { username, password }, params: { acr_values: 'urn:latchkey:acr:mfa', max_age: '300' } });
    expect(later.loginPage).not.toBeNull();
    expect(later.response.location).toBe('/login/second-factor');
  });
});
