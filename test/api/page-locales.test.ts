import { createBrowser, csrfFrom, signInAndAuthorize } from '../helpers/browser-flow.js';
import { registerClient, registerUser, startTestServer, type TestClient, type TestServer } from '../helpers/test-server.js';

const CB = 'https://app.example.com/cb';
let server: TestServer;
let client: TestClient;
beforeAll(async () => {
  server = await startTestServer();
  client = await registerClient(server.lk, { clientName: 'Acme Notes', grantTypes: ['authorization_code'], scopes: ['openid', 'email'], redirectUris: [CB] });
});
afterAll(() => server.close());

function authorizePath(params: Record<string, string> = {}): string {
  return `/authorize?${new URLSearchParams({ response_type: 'code', client_id: client.client.clientId, redirect_uri: CB, scope: 'openid email', code_challenge: 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM', code_challenge_method: 'S256', ...params }).toString()}`;
}

describe('page language', () => {
  it('ui_locales=it gives Italian login and consent pages, kept through the sign-in even without Accept-Language', async () => {
    const user = await registerUser(server.lk);
    const result = await signInAndAuthorize(server, { client, user, params: { scope: 'openid email', ui_locales: 'fr it en' }, consent: 'deny' });
    expect(result.loginPage).toContain('<html lang="it">');
    expect(result.loginPage).toContain('<title>Accedi – Latchkey</title>');
    expect(result.loginPage).toContain('<label for="username">Nome utente</label>');
    expect(result.consentPage).toContain('<html lang="it">');
    expect(result.consentPage).toContain('<h1><strong>Acme Notes</strong> chiede di accedere al tuo account</h1>');
    // Built-in scope texts are translated too.
    expect(result.consentPage).toContain('Farti accedere con il tuo account Latchkey');
    expect(result.consentPage).toContain('>Consenti</button>');
  });

  it('Accept-Language: it gives Italian pages; English stays the default', async () => {
    const italian = createBrowser(server.url);
    expect((await italian.get(authorizePath(), { 'accept-language': 'it-IT,it;q=0.9,en;q=0.8' })).location).toBe('/login');
    const login = await italian.get('/login', { 'accept-language': 'it-IT,it;q=0.9,en;q=0.8' });
    expect(login.html).toContain('<html lang="it">');
    expect(login.html).toContain('per continuare su <strong>Acme Notes</strong>');
    const wrong = await italian.post('/login', { username: 'nobody', password: 'wrong password here', csrf_token: csrfFrom(login.html) }, { 'accept-language': 'it' });
    expect(wrong.html).toContain('Nome utente o password errati.');

    const english = createBrowser(server.url);
    await english.get(authorizePath());
    const page = await english.get('/login');
    expect(page.html).toContain('<html lang="en">');
    expect(page.html).toContain('<title>Sign in – Latchkey</title>');
  });

  it('ui_locales wins over Accept-Language, and an unsupported one falls back to it', async () => {
    const browser = createBrowser(server.url);
    await browser.get(authorizePath({ ui_locales: 'en' }), { 'accept-language': 'it' });
    expect((await browser.get('/login', { 'accept-language': 'it' })).html).toContain('<html lang="en">');
    const other = createBrowser(server.url);
    await other.get(authorizePath({ ui_locales: 'de' }), { 'accept-language': 'it' });
    expect((await other.get('/login', { 'accept-language': 'it' })).html).toContain('<html lang="it">');
  });

  it('error pages before the client is known are in the language asked for', async () => {
    const browser = createBrowser(server.url);
    const page = await browser.get('/authorize?client_id=nobody&response_type=code&ui_locales=it');
    expect(page.status).toBe(400);
    expect(page.html).toContain('L’applicazione che ti ha mandato qui non è registrata.');
    const home = await browser.get('/', { 'accept-language': 'it' });
    expect(home.html).toContain('<a class="button button-primary" href="/account">Il tuo account</a>');
  });

  it('discovery lists ui_locales_supported', async () => {
    const response = await fetch(`${server.url}/.well-known/openid-configuration`);
    expect(((await response.json()) as { ui_locales_supported: string[] }).ui_locales_supported).toEqual(['en', 'it']);
  });
});

describe('per-locale scope descriptions', () => {
  it('the consent page shows the description in its language, else the default', async () => {
    const name = `notes:read:${Date.now().toString(36)}`;
    await server.lk.scopes.create(name, 'Read your notes', { it: 'Leggere le tue note' });
    const other = await registerClient(server.lk, { clientName: 'Notes', grantTypes: ['authorization_code'], scopes: ['openid', name], redirectUris: [CB] });
    const user = await registerUser(server.lk);
    const italian = await signInAndAuthorize(server, { client: other, user, params: { scope: `openid ${name}`, ui_locales: 'it' }, consent: 'deny' });
    expect(italian.consentPage).toContain(`<li>Leggere le tue note<code class="scope-name">${name}</code></li>`);
    const english = await signInAndAuthorize(server, { client: other, user, params: { scope: `openid ${name}` }, consent: 'deny' });
    expect(english.consentPage).toContain(`<li>Read your notes<code class="scope-name">${name}</code></li>`);
    // An administrator's Italian text for a built-in scope wins over the catalogue's.
    await server.lk.scopes.update('openid', { descriptions: { it: 'Sapere chi sei' } });
    try {
      const again = await signInAndAuthorize(server, { client: other, user, params: { scope: `openid ${name}`, ui_locales: 'it' }, consent: 'deny' });
      expect(again.consentPage).toContain('<li>Sapere chi sei<code class="scope-name">openid</code></li>');
    } finally {
      await server.lk.scopes.update('openid', { descriptions: { it: '' } });
    }
  });
});
