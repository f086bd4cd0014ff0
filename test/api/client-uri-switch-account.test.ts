import { cookieNames, createBrowser, csrfFrom } from '../helpers/browser-flow.js';
import { recentAuditEvents, registerClient, registerUser, startTestServer, type TestServer } from '../helpers/test-server.js';

const CB = 'https://notes.example.com/cb';
let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server.close());

async function clientWithUri(clientUri: string | null) {
  return registerClient(server.lk, { clientName: 'Acme Notes', grantTypes: ['authorization_code'], scopes: ['openid', 'email'], redirectUris: [CB], clientUri });
}

function authorizePath(clientId: string, extra: Record<string, string> = {}): string {
  return `/authorize?${new URLSearchParams({ response_type: 'code', client_id: clientId, redirect_uri: CB, scope: 'openid email', state: 's1', code_challenge: 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM', code_challenge_method: 'S256', ...extra }).toString()}`;
}

/** Signs `user` in through the login page and returns the consent page. */
async function toConsent(browser: ReturnType<typeof createBrowser>, clientId: string, user: { username: string; password: string }, extra: Record<string, string> = {}) {
  expect((await browser.get(authorizePath(clientId, extra))).location).toBe('/login');
  const login = await browser.get('/login');
  const posted = await browser.post('/login', { username: user.username, password: user.password, csrf_token: csrfFrom(login.html) });
  expect(posted.location).toBe('/consent');
  return browser.get('/consent');
}

describe('client_uri on the consent page', () => {
  it('shows the host of client_uri, and nothing when there is none', async () => {
    const user = await registerUser(server.lk);
    const withUri = await clientWithUri('https://notes.example.com/about');
    const page = await toConsent(createBrowser(server.url), withUri.client.clientId, user);
    expect(page.html).toContain('<p class="client-host">From notes.example.com</p>');

    const without = await clientWithUri(null);
    const other = await toConsent(createBrowser(server.url), without.client.clientId, user);
    expect(other.html).not.toContain('<p class="client-host">');
  });

  it('is refused unless https (http only on loopback), like redirect URIs', async () => {
    await expect(clientWithUri('http://notes.example.com/')).rejects.toThrow('client URI must be https');
    await expect(clientWithUri('https://notes.example.com/#x')).rejects.toThrow('fragment');
    await expect(clientWithUri('http://127.0.0.1:8080/')).resolves.toBeDefined();
  });
});

describe('Not you? Switch account', () => {
  it('signs the session out and returns to the login page of the same sign-in, in its language', async () => {
    const [first, second] = [await registerUser(server.lk), await registerUser(server.lk)];
    const client = await clientWithUri(null);
    const browser = createBrowser(server.url);
    const consent = await toConsent(browser, client.client.clientId, first, { ui_locales: 'it' });
    expect(consent.html).toContain('Non sei tu?');
    const oldSession = browser.cookie(cookieNames.session);

    const switched = await browser.post('/consent', { decision: 'switch_account', csrf_token: csrfFrom(consent.html) });
    expect(switched.status).toBe(303);
    expect(switched.location).toBe('/login');
    expect(browser.cookie(cookieNames.session)).toBeUndefined();
    expect(await server.lk.sessions.resolve(oldSession)).toBeUndefined();
    const events = await recentAuditEvents(server, 5, 'user.logout');
    expect(events[0]).toMatchObject({ subject: first.user.id, clientId: client.client.clientId });

    const login = await browser.get('/login');
    expect(login.html).toContain('<html lang="it">');
    expect(login.html).toContain('per continuare su <strong>Acme Notes</strong>');
    const posted = await browser.post('/login', { username: second.username, password: second.password, csrf_token: csrfFrom(login.html) });
    expect(posted.location).toBe('/consent');
    const again = await browser.get('/consent');
    expect(again.html).toContain(`<strong>${second.username}</strong>`);
    const done = await browser.post('/consent', { decision: 'approve', csrf_token: csrfFrom(again.html) });
    expect(done.status).toBe(302);
    expect(new URL(done.location!).searchParams.get('state')).toBe('s1');
  });

  it('needs the CSRF token', async () => {
    const user = await registerUser(server.lk);
    const client = await clientWithUri(null);
    const browser = createBrowser(server.url);
    await toConsent(browser, client.client.clientId, user);
    const refused = await browser.post('/consent', { decision: 'switch_account', csrf_token: 'wrong' });
    expect(refused.status).toBe(403);
    expect(browser.cookie(cookieNames.session)).toBeDefined();
  });
});
