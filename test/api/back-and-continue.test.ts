import { cookieNames, createBrowser, csrfFrom, signInAndAuthorize } from '../helpers/browser-flow.js';
import { registerClient, registerUser, startTestServer, type TestServer } from '../helpers/test-server.js';

const CB = 'https://notes.example.com/cb';
let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server.close());

const notes = (clientUri: string | null = null) =>
  registerClient(server.lk, { clientName: 'Acme Notes', grantTypes: ['authorization_code'], scopes: ['openid', 'email'], redirectUris: [CB], clientUri });

function authorizePath(clientId: string, extra: Record<string, string> = {}): string {
  return `/authorize?${new URLSearchParams({ response_type: 'code', client_id: clientId, redirect_uri: CB, scope: 'openid email', code_challenge: 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM', code_challenge_method: 'S256', ...extra }).toString()}`;
}

describe('Back after consenting', () => {
  it('shows "This request is already complete" with a link back to the app, for GET and a resubmitted POST', async () => {
    const client = await notes('https://notes.example.com/home');
    const user = await registerUser(server.lk);
    const result = await signInAndAuthorize(server, { client, user, params: { scope: 'openid email' } });
    expect(result.response.status).toBe(302);
    const { browser } = result;
    expect(browser.cookie(cookieNames.interaction)).toBeUndefined();

    const back = await browser.get('/consent');
    expect(back.status).toBe(200);
    expect(back.html).toContain('<h1>This request is already complete</h1>');
    expect(back.html).toContain('<a class="button button-primary button-block" href="https://notes.example.com/home">Back to Acme Notes</a>');
    expect(back.html).not.toMatch(/cannot accept|invalid request/i);

    const resubmitted = await browser.post('/consent', { decision: 'approve', csrf_token: csrfFrom(result.consentPage!) });
    expect(resubmitted.status).toBe(200);
    expect(resubmitted.html).toContain('This request is already complete');
    const italian = await browser.get('/consent', { 'accept-language': 'it' });
    expect(italian.html).toContain('<h1>Questa richiesta è già stata completata</h1>');
  });

  it('links to the redirect URI’s origin when the client has no client_uri; without the cookie it is the old error', async () => {
    const client = await notes();
    const user = await registerUser(server.lk);
    const { browser } = await signInAndAuthorize(server, { client, user, params: { scope: 'openid email' }, consent: 'deny' });
    const back = await browser.get('/consent');
    expect(back.html).toContain('href="https://notes.example.com">Back to Acme Notes</a>');

    const fresh = createBrowser(server.url);
    const error = await fresh.get('/consent');
    expect(error.status).toBe(400);
    expect(error.html).toContain('This sign-in has expired');
  });
});

describe('/login when already signed in', () => {
  it('offers "Continue as NAME", which goes on without a new sign-in, or "Use another account"', async () => {
    const client = await notes();
    const user = await registerUser(server.lk);
    const { browser } = await signInAndAuthorize(server, { client, user, params: { scope: 'openid email' } });
    const session = browser.cookie(cookieNames.session);

    const page = await browser.get('/login');
    expect(page.status).toBe(200);
    expect(page.html).toContain(`You are signed in as <strong>${user.username}</strong>.`);
    expect(page.html).toContain('>Continue as Test User</button>');
    expect(page.html).toContain('<details class="another"><summary>Use another account</summary>');
    const continued = await browser.post('/login', { decision: 'continue', csrf_token: csrfFrom(page.html) });
    expect(continued.status).toBe(303);
    expect(continued.location).toBe('/account');
    expect(browser.cookie(cookieNames.session)).toBe(session);
  });

  it('continues a pending sign-in started in another tab, but never skips prompt=login', async () => {
    const client = await notes();
    const user = await registerUser(server.lk);
    const { browser } = await signInAndAuthorize(server, { client, user, params: { scope: 'openid email' } });
    // A second authorization for the same client now needs nothing: consent is remembered.
    expect((await browser.get(authorizePath(client.client.clientId))).status).toBe(302);

    expect((await browser.get(authorizePath(client.client.clientId, { prompt: 'login' }))).location).toBe('/login');
    const forced = await browser.get('/login');
    expect(forced.html).not.toContain('Continue as');
    const refused = await browser.post('/login', { decision: 'continue', csrf_token: csrfFrom(forced.html) });
    expect(refused.status).toBe(200);
    expect(refused.html).toContain('<label for="username">Username</label>');

    // Signed out in this tab's pending sign-in, signed in meanwhile: Continue finishes it.
    const other = createBrowser(server.url);
    expect((await other.get(authorizePath(client.client.clientId))).location).toBe('/login');
    other.setCookie(cookieNames.session, browser.cookie(cookieNames.session)!);
    const login = await other.get('/login');
    expect(login.html).toContain('Continue as Test User');
    const done = await other.post('/login', { decision: 'continue', csrf_token: csrfFrom(login.html) });
    expect(done.status).toBe(302);
    expect(done.location).toMatch(/^https:\/\/notes\.example\.com\/cb\?code=/);
  });
});
