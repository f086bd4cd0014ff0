/**
 * Error pages, the account page and RP-initiated logout in a real browser
 * (issue 4 §3, §4, §6). Screenshots go to test/e2e/screenshots/.
 */
import type { Page } from 'playwright-core';
import { screenshot } from './helpers/browser.js';
import { queryOf, requestedScopes, setupE2E, signIn, type E2E } from './helpers/world.js';

const clientName = 'Bramble Calendar';
const e2e = setupE2E(clientName);

const atCallback = (url: URL): boolean => url.href.startsWith(e2e.app.callbackUri);

/** Signs a new user in through authorize, login and Allow; returns the user and the code's tokens. */
async function signedInWithTokens(world: E2E, page: Page) {
  const user = await world.newUser();
  const request = world.authorizeRequest();
  await page.goto(request.url);
  await signIn(page, user.username, user.password);
  await page.getByRole('button', { name: 'Allow' }).click();
  await page.waitForURL(atCallback);
  const tokens = await world.redeem(queryOf(page).code ?? '', request.verifier);
  return { user, tokens };
}

async function userinfoStatus(accessToken: unknown): Promise<number> {
  const response = await fetch(`${e2e.server.url}/userinfo`, { headers: { authorization: `Bearer ${String(accessToken)}` } });
  await response.arrayBuffer();
  return response.status;
}

describe('error pages in Chromium', () => {
  const cases: [name: string, extra: () => Record<string, string>][] = [
    ['unknown-client', () => ({ client_id: 'no-such-client' })],
    ['redirect-uri-with-added-query', () => ({ redirect_uri: `${e2e.app.callbackUri}?next=%2Fadmin` })],
    ['redirect-uri-other-port', () => ({ redirect_uri: e2e.app.callbackUri.replace(/:(\d+)\//, (_m, port: string) => `:${Number(port) + 1}/`) })],
  ];

  test.each(cases)('5. %s: an error page on Latchkey, never a redirect', async (name, extra) => {
    const { page } = await e2e.newPage();
    const request = e2e.authorizeRequest(extra());
    const mark = e2e.app.received.length;
    const response = await page.goto(request.url);
    expect(response?.status()).toBe(400);
    expect(response?.request().redirectedFrom()).toBeNull();
    expect(page.url()).toBe(request.url);
    expect(await page.locator('h1').textContent()).toBe('This request cannot continue');
    expect((await page.locator('.alert').textContent())?.trim()).toBeTruthy();
    expect(await page.locator('.fine code').textContent()).toBeTruthy(); // the request id, for support
    expect(e2e.app.since(mark)).toEqual([]);
    await screenshot(page, `05-error-${name}`);
  });

  test('5b. the consent page without a sign-in in progress: an error page', async () => {
    const { page } = await e2e.newPage();
    const response = await page.goto(`${e2e.server.url}/consent`);
    expect(response?.status()).toBe(400);
    expect(await page.locator('h1').textContent()).toBe('This request cannot continue');
    expect(await page.locator('.alert').textContent()).toContain('expired');
    await screenshot(page, '05-error-expired-sign-in');
  });

  test('5c. a login form with a forged CSRF token: an error page, no sign-in', async () => {
    const { page } = await e2e.newPage();
    const user = await e2e.newUser();
    await page.goto(e2e.authorizeRequest().url);
    await page.locator('input[name="csrf_token"]').evaluate((input) => void ((input as HTMLInputElement).value = 'forged'));
    await signIn(page, user.username, user.password);
    await page.locator('h1', { hasText: 'This request cannot continue' }).waitFor();
    expect(page.url()).toBe(`${e2e.server.url}/login`);
    expect(await page.locator('.alert').textContent()).toContain('not valid');
    await screenshot(page, '05-error-csrf');
    // Not signed in: the account page still asks for a sign-in.
    await page.goto(`${e2e.server.url}/account`);
    expect(page.url()).toBe(`${e2e.server.url}/login`);
  });
});

describe('account page in Chromium', () => {
  test('6. lists the app with its scopes; Revoke access removes it and its tokens', async () => {
    const { page } = await e2e.newPage();
    const { user, tokens } = await signedInWithTokens(e2e, page);
    expect(await userinfoStatus(tokens.access_token)).toBe(200);

    await page.goto(`${e2e.server.url}/account`);
    expect(await page.locator('h1').textContent()).toBe('Your account');
    expect(await page.locator('.lead').textContent()).toContain(user.username);
    const grant = page.locator('li.grant');
    expect(await grant.count()).toBe(1);
    expect(await grant.locator('h3').textContent()).toBe(clientName);
    expect(await grant.locator('time').textContent()).toMatch(/^\d{1,2} [A-Z][a-z]+ \d{4}$/);
    const scopeItems = await grant.locator('ul.scopes li').allTextContents();
    expect(scopeItems).toHaveLength(requestedScopes.length);
    for (const [i, scope] of requestedScopes.entries()) expect(scopeItems[i]).toContain(e2e.scopeDescriptions[scope]);
    await screenshot(page, '06-account');

    await page.getByRole('button', { name: `Revoke access for ${clientName}` }).click();
    await page.waitForURL(`${e2e.server.url}/account?revoked=1`);
    expect(await page.getByRole('status').textContent()).toBe('Access was revoked.');
    expect(await page.locator('li.grant').count()).toBe(0);
    expect(await page.locator('.empty').textContent()).toBe('You have not authorised any apps.');
    await screenshot(page, '06-account-revoked');
    // Revoking the consent revokes the app's access for this user at once.
    expect(await userinfoStatus(tokens.access_token)).toBe(401);
  });
});

describe('front page in Chromium', () => {
  test('6b. / links the account page (which asks to sign in) and the discovery document', async () => {
    const { page } = await e2e.newPage();
    await page.goto(`${e2e.server.url}/`);
    expect(await page.locator('h1').textContent()).toBe('Latchkey');
    expect(await page.getByRole('link', { name: 'OpenID Connect discovery document' }).getAttribute('href')).toBe('/.well-known/openid-configuration');
    await screenshot(page, '06b-home');
    await page.getByRole('link', { name: 'Your account' }).click();
    await page.waitForURL(`${e2e.server.url}/login`);
  });
});

describe('logout in Chromium', () => {
  test('7. RP-initiated logout with id_token_hint: confirm, Sign out, back to the app with state; then signed out', async () => {
    const { page } = await e2e.newPage();
    const { tokens } = await signedInWithTokens(e2e, page);
    expect(typeof tokens.id_token).toBe('string');

    const state = 'bye/+&= 1';
    const logoutUrl = `${e2e.server.url}/logout?${new URLSearchParams({ id_token_hint: String(tokens.id_token), post_logout_redirect_uri: e2e.app.postLogoutUri, state })}`;
    const mark = e2e.app.received.length;
    await page.goto(logoutUrl);
    expect(await page.locator('h1').textContent()).toBe('Sign out of Latchkey?');
    expect(await page.locator('.lead strong').textContent()).toBe(clientName);
    await screenshot(page, '07-logout-confirm');

    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.waitForURL((url) => url.href.startsWith(e2e.app.postLogoutUri));
    expect(queryOf(page)).toEqual({ state });
    expect(e2e.app.since(mark)).toEqual([{ method: 'GET', path: '/logged-out', params: { state } }]);
    await screenshot(page, '07-post-logout');

    await page.goto(`${e2e.server.url}/account`);
    expect(page.url()).toBe(`${e2e.server.url}/login`);
    expect(await page.locator('h1').textContent()).toBe('Sign in');
    await screenshot(page, '07-account-after-logout');
  });

  test('7b. Sign out from the account page: the signed-out page', async () => {
    const { page } = await e2e.newPage();
    const user = await e2e.newUser();
    await page.goto(`${e2e.server.url}/account`);
    expect(page.url()).toBe(`${e2e.server.url}/login`);
    expect(await page.locator('.lead').textContent()).toBe('with your Latchkey account');
    await signIn(page, user.username, user.password);
    await page.waitForURL(`${e2e.server.url}/account`);
    expect(await page.locator('.empty').textContent()).toBe('You have not authorised any apps.');
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.locator('h1', { hasText: 'You have signed out.' }).waitFor();
    await screenshot(page, '07-signed-out');
    await page.goto(`${e2e.server.url}/account`);
    expect(page.url()).toBe(`${e2e.server.url}/login`);
  });
});
