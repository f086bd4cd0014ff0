/**
 * Issue 13 §2 "done when": with a brand configured, the login and consent pages in Chromium, in
 * English and in Italian (the browser's Accept-Language), with the brand's name, logo and links;
 * screenshots go to test/e2e/screenshots/brand-*.png.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { registerUser, startTestServer, type TestServer } from '../helpers/test-server.js';
import { launchChromium, screenshot, watchContext } from './helpers/browser.js';
import { startClientApp, type ClientApp } from './helpers/client-app.js';

const LOGO = `<svg xmlns="http://www.w3.org/2000/svg" width="96" height="32" viewBox="0 0 96 32">
<rect width="32" height="32" rx="8" fill="#0f766e"/><circle cx="16" cy="16" r="7" fill="#ffffff"/>
<text x="40" y="22" font-family="sans-serif" font-size="16" font-weight="700" fill="#0f766e">ACME</text></svg>`;

const cases = [
  { locale: 'en', browserLocale: 'en-GB', login: 'Sign in', heading: 'Acme Notes wants to access your account', openid: 'Sign you in with your Acme ID account', allow: 'Allow', terms: 'Terms' },
  { locale: 'it', browserLocale: 'it-IT', login: 'Accedi', heading: 'Acme Notes chiede di accedere al tuo account', openid: 'Farti accedere con il tuo account Acme ID', allow: 'Consenti', terms: 'Termini' },
] as const;

let dir: string;
let server: TestServer;
let app: ClientApp;
let browser: Browser;
let clientId: string;
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'latchkey-e2e-brand-'));
  writeFileSync(join(dir, 'logo.svg'), LOGO);
  [server, app, browser] = await Promise.all([
    startTestServer({
      env: {
        LATCHKEY_BRAND_NAME: 'Acme ID',
        LATCHKEY_BRAND_LOGO: join(dir, 'logo.svg'),
        LATCHKEY_BRAND_ACCENT: '#0f766e',
        LATCHKEY_TERMS_URL: 'https://acme.example/terms',
        LATCHKEY_PRIVACY_URL: 'https://acme.example/privacy',
      },
    }),
    startClientApp(),
    launchChromium(),
  ]);
  const created = await server.lk.clients.create({
    clientName: 'Acme Notes',
    grantTypes: ['authorization_code'],
    scopes: ['openid', 'profile', 'email'],
    redirectUris: [app.callbackUri],
    clientUri: 'https://notes.acme.example/',
  });
  clientId = created.client.clientId;
});
afterAll(async () => {
  await Promise.all([browser?.close(), app?.close(), server?.close()]);
  rmSync(dir, { recursive: true, force: true });
});

describe('a branded sign-in in Chromium', () => {
  test.each(cases)('$locale: login and consent carry the brand, the logo loads, the text is in the language', async (expected) => {
    const context = await browser.newContext({ locale: expected.browserLocale, viewport: { width: 900, height: 760 } });
    context.setDefaultTimeout(5000);
    const checks = watchContext(context, server.url);
    try {
      const page = await context.newPage();
      const user = await registerUser(server.lk);
      const query = new URLSearchParams({ response_type: 'code', client_id: clientId, redirect_uri: app.callbackUri, scope: 'openid profile email', state: 's', code_challenge: 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM', code_challenge_method: 'S256' });
      await page.goto(`${server.url}/authorize?${query.toString()}`);
      expect(page.url()).toBe(`${server.url}/login`);
      expect(await page.locator('html').getAttribute('lang')).toBe(expected.locale);
      expect(await page.title()).toBe(`${expected.login} – Acme ID`);
      expect(await page.locator('header.brand').textContent()).toBe('Acme ID');
      const logo = page.locator('header.brand img');
      expect(await logo.getAttribute('src')).toBe('/brand/logo');
      expect(await logo.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth > 0)).toBe(true);
      expect(await page.locator('footer.links a').first().textContent()).toBe(expected.terms);
      expect(await page.locator('h1').textContent()).toBe(expected.login);
      await screenshot(page, `brand-login-${expected.locale}`);

      await page.locator('#username').fill(user.username);
      await page.locator('#password').fill(user.password);
      await page.locator('form button[type="submit"]').click();
      await page.waitForURL(`${server.url}/consent`);
      expect(await page.locator('html').getAttribute('lang')).toBe(expected.locale);
      expect(await page.locator('h1').textContent()).toBe(expected.heading);
      expect(await page.locator('.client-host').textContent()).toContain('notes.acme.example');
      expect(await page.locator('ul.scopes li').first().textContent()).toContain(expected.openid);
      expect(await page.locator('header.brand img').evaluate((img: HTMLImageElement) => img.naturalWidth > 0)).toBe(true);
      await screenshot(page, `brand-consent-${expected.locale}`);

      await page.getByRole('button', { name: expected.allow, exact: true }).click();
      await page.waitForURL((url) => url.href.startsWith(app.callbackUri));
      expect(new URL(page.url()).searchParams.get('code')).toBeTruthy();
      await checks.settle();
      expect(checks.headerProblems).toEqual([]);
      expect(checks.consoleProblems).toEqual([]);
    } finally {
      await context.close();
    }
  });
});
