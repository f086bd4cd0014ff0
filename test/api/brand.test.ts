import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createBrowser, signInAndAuthorize } from '../helpers/browser-flow.js';
import { registerClient, registerUser, startTestServer, type TestClient, type TestServer } from '../helpers/test-server.js';

const CB = 'https://app.example.com/cb';
/** A 1×1 transparent PNG. */
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=', 'base64');

let dir: string;
let branded: TestServer;
let plain: TestServer;
let client: TestClient;
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'latchkey-brand-'));
  writeFileSync(join(dir, 'logo.png'), PNG);
  branded = await startTestServer({
    env: {
      LATCHKEY_BRAND_NAME: 'Acme ID',
      LATCHKEY_BRAND_LOGO: join(dir, 'logo.png'),
      LATCHKEY_BRAND_ACCENT: '#0f766e',
      LATCHKEY_TERMS_URL: 'https://acme.example/terms',
      LATCHKEY_PRIVACY_URL: 'https://acme.example/privacy',
    },
  });
  plain = await startTestServer();
  client = await registerClient(branded.lk, { clientName: 'Acme Notes', grantTypes: ['authorization_code'], scopes: ['openid', 'email'], redirectUris: [CB] });
});
afterAll(async () => {
  await Promise.all([branded.close(), plain.close()]);
  rmSync(dir, { recursive: true, force: true });
});

describe('a configured brand', () => {
  it('names the product, shows the logo, the accent and the links on the pages, and the CSP allows the logo', async () => {
    const user = await registerUser(branded.lk);
    const result = await signInAndAuthorize(branded, { client, user, params: { scope: 'openid email' }, consent: 'deny' });
    const login = result.loginPage!;
    expect(login).toContain('<title>Sign in – Acme ID</title>');
    expect(login).toContain('<header class="brand"><img class="brand-logo" src="/brand/logo" alt="" height="32"><span>Acme ID</span></header>');
    expect(login).toContain('--accent:#0f766e;');
    expect(login).toContain('<a href="https://acme.example/terms">Terms</a>');
    expect(login).toContain('<a href="https://acme.example/privacy">Privacy</a>');
    expect(login).not.toContain('Latchkey');
    expect(result.consentPage).toContain('Sign you in with your Acme ID account');
    expect(result.consentPage).toContain('from your Acme ID account');
    expect(result.consentPage).not.toContain('Latchkey');

    const page = await createBrowser(branded.url).get('/login', { 'accept-language': 'it' });
    expect(page.headers.get('content-security-policy')).toMatch(/(^|; )img-src 'self'(;|$)/);
    expect(page.html).toContain('con il tuo account Acme ID');
    expect(page.html).toContain('<a href="https://acme.example/terms">Termini</a>');
  });

  it('serves the logo with its type, cache headers and ETag, and 304 when it has not changed', async () => {
    const response = await fetch(`${branded.url}/brand/logo`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('image/png');
    expect(response.headers.get('cache-control')).toBe('public, max-age=86400');
    expect(response.headers.get('pragma')).toBeNull();
    expect(response.headers.get('content-security-policy')).toContain('sandbox');
    expect(Buffer.from(await response.arrayBuffer())).toEqual(PNG);
    const etag = response.headers.get('etag')!;
    expect(etag).toMatch(/^"[A-Za-z0-9_-]+"$/);
    const again = await fetch(`${branded.url}/brand/logo`, { headers: { 'if-none-match': etag } });
    expect(again.status).toBe(304);
  });
});

describe('without a brand', () => {
  it('pages say Latchkey with the key mark and no footer links, and /brand/logo is 404', async () => {
    const page = await createBrowser(plain.url).get('/');
    expect(page.html).toContain('<title>Latchkey – Latchkey</title>');
    expect(page.html).toContain('<span class="brand-mark">');
    expect(page.html).not.toContain('<img');
    expect(page.html).not.toContain('<footer');
    expect((await fetch(`${plain.url}/brand/logo`)).status).toBe(404);
  });
});
