/**
 * Sign-in in a real browser (issue 4 §4, §6): Debian's Chromium, driven by
 * playwright-core, through Latchkey's login and consent pages to a client app
 * that really receives the answer. Screenshots go to test/e2e/screenshots/.
 */
import { focused, screenshot, waitForFocus } from './helpers/browser.js';
import { queryOf, requestedScopes, setupE2E, signIn } from './helpers/world.js';

const clientName = 'Acme Notes & Co <e2e>';
const e2e = setupE2E(clientName);

const atCallback = (url: URL): boolean => url.href.startsWith(e2e.app.callbackUri);

describe('sign-in pages in Chromium', () => {
  test('1. login page, a wrong password, then consent and Allow: the app gets code, state and iss', async () => {
    const { page } = await e2e.newPage();
    const user = await e2e.newUser();
    const request = e2e.authorizeRequest();
    const mark = e2e.app.received.length;

    await page.goto(request.url);
    expect(page.url()).toBe(`${e2e.server.url}/login`);
    expect(await page.title()).toBe('Sign in – Latchkey');
    expect(await page.locator('h1').textContent()).toBe('Sign in');
    // The app's name, as text (escaped, not markup).
    expect(await page.locator('.lead strong').textContent()).toBe(clientName);
    expect(await page.getByLabel('Username').getAttribute('name')).toBe('username');
    expect(await page.getByLabel('Password').getAttribute('type')).toBe('password');
    expect(await page.getByLabel('Username').getAttribute('autocomplete')).toBe('username');
    expect(await waitForFocus(page, '#username')).toBe('#username');
    await screenshot(page, '01-login');

    await signIn(page, user.username, 'not the password');
    await page.getByRole('alert').waitFor();
    expect(page.url()).toBe(`${e2e.server.url}/login`);
    expect((await page.getByRole('alert').textContent())?.trim()).toBe('Wrong username or password.');
    expect(await page.getByLabel('Username').inputValue()).toBe(user.username);
    expect(await page.getByLabel('Password').inputValue()).toBe('');
    expect(await page.getByLabel('Password').getAttribute('aria-invalid')).toBe('true');
    expect(await waitForFocus(page, '#password')).toBe('#password');
    await screenshot(page, '01-login-wrong-password');

    await page.getByLabel('Password').fill(user.password);
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    await page.waitForURL(`${e2e.server.url}/consent`);
    expect(await page.locator('h1').textContent()).toBe(`${clientName} wants to access your account`);
    expect(await page.locator('.account strong').textContent()).toBe(user.username);
    const scopeItems = await page.locator('ul.scopes li').allTextContents();
    expect(scopeItems).toHaveLength(requestedScopes.length);
    for (const [i, scope] of requestedScopes.entries()) {
      const description = e2e.scopeDescriptions[scope];
      expect(description).toBeTruthy();
      expect(scopeItems[i]).toContain(description);
      expect(scopeItems[i]).toContain(scope);
    }
    await screenshot(page, '01-consent');

    await page.getByRole('button', { name: 'Allow' }).click();
    await page.waitForURL(atCallback);
    const answer = queryOf(page);
    expect(answer.code).toMatch(/^[A-Za-z0-9_-]{22,}$/);
    expect(answer.state).toBe(request.state);
    expect(answer.iss).toBe(e2e.server.url);
    expect(answer.error).toBeUndefined();
    expect(e2e.app.since(mark)).toEqual([{ method: 'GET', path: '/callback', params: answer }]);
    expect(await page.locator('[data-param="code"]').textContent()).toBe(answer.code);
    await screenshot(page, '01-callback');
  });

  test('2. Deny on the consent page: the app gets access_denied with state and iss', async () => {
    const { page } = await e2e.newPage();
    const user = await e2e.newUser();
    const request = e2e.authorizeRequest();
    const mark = e2e.app.received.length;

    await page.goto(request.url);
    await signIn(page, user.username, user.password);
    await page.waitForURL(`${e2e.server.url}/consent`);
    await page.getByRole('button', { name: 'Deny' }).click();
    await page.waitForURL(atCallback);
    const answer = queryOf(page);
    expect(answer.error).toBe('access_denied');
    expect(answer.state).toBe(request.state);
    expect(answer.iss).toBe(e2e.server.url);
    expect(answer.code).toBeUndefined();
    expect(e2e.app.since(mark)).toEqual([{ method: 'GET', path: '/callback', params: answer }]);
    await screenshot(page, '02-deny-callback');
  });

  test('3. a second authorize in the same browser, consent remembered: straight back to the app', async () => {
    const { page, checks } = await e2e.newPage();
    const user = await e2e.newUser();
    await page.goto(e2e.authorizeRequest().url);
    await signIn(page, user.username, user.password);
    await page.getByRole('button', { name: 'Allow' }).click();
    await page.waitForURL(atCallback);

    const again = e2e.authorizeRequest();
    const mark = e2e.app.received.length;
    const pathsBefore = checks.serverPaths.length;
    const response = await page.goto(again.url);
    expect(atCallback(new URL(page.url()))).toBe(true);
    // One hop: /authorize answered 302 to the app; no login or consent page on the way.
    expect(checks.serverPaths.slice(pathsBefore)).toEqual(['/authorize']);
    expect(response?.request().redirectedFrom()?.url()).toBe(again.url);
    const answer = queryOf(page);
    expect(answer.code).toBeTruthy();
    expect(answer.state).toBe(again.state);
    expect(answer.iss).toBe(e2e.server.url);
    expect(e2e.app.since(mark)).toHaveLength(1);
    await screenshot(page, '03-remembered-callback');
  });

  test('4. response_mode=form_post: the auto-submitting page POSTs code, state and iss to the app', async () => {
    const { page, checks } = await e2e.newPage();
    const user = await e2e.newUser();
    const request = e2e.authorizeRequest({ response_mode: 'form_post' });
    const mark = e2e.app.received.length;

    await page.goto(request.url);
    await signIn(page, user.username, user.password);
    await page.getByRole('button', { name: 'Allow' }).click();
    await page.waitForURL(atCallback);
    // The form_post page itself came from POST /consent (and had the security headers).
    expect(checks.htmlPages).toContain('200 POST /consent');
    expect(page.url()).toBe(e2e.app.callbackUri);
    const received = e2e.app.since(mark);
    expect(received).toHaveLength(1);
    expect(received[0]?.method).toBe('POST');
    expect(received[0]?.params.code).toBeTruthy();
    expect(received[0]?.params.state).toBe(request.state);
    expect(received[0]?.params.iss).toBe(e2e.server.url);
    expect(await page.locator('#method strong').textContent()).toBe('POST');
    await screenshot(page, '04-form-post-callback');
  });

  test('4b. form_post without JavaScript: the Continue button is shown and works', async () => {
    const { page } = await e2e.newPage({ javaScriptEnabled: false });
    const user = await e2e.newUser();
    const request = e2e.authorizeRequest({ response_mode: 'form_post' });
    const mark = e2e.app.received.length;

    await page.goto(request.url);
    await signIn(page, user.username, user.password);
    await page.getByRole('button', { name: 'Allow' }).click();
    const continueButton = page.getByRole('button', { name: 'Continue' });
    await continueButton.waitFor({ state: 'visible' });
    expect(page.url()).toBe(`${e2e.server.url}/consent`);
    expect(await page.locator('h1').textContent()).toBe('Returning to the app…');
    expect(e2e.app.since(mark)).toEqual([]);
    await screenshot(page, '04-form-post-no-js');

    await continueButton.click();
    await page.waitForURL(atCallback);
    const received = e2e.app.since(mark);
    expect(received).toHaveLength(1);
    expect(received[0]?.method).toBe('POST');
    expect(received[0]?.params.code).toBeTruthy();
    expect(received[0]?.params.state).toBe(request.state);
    expect(received[0]?.params.iss).toBe(e2e.server.url);
    await screenshot(page, '04-form-post-no-js-callback');
  });

  test('8. login and consent work without JavaScript', async () => {
    const { page } = await e2e.newPage({ javaScriptEnabled: false });
    const user = await e2e.newUser();
    const request = e2e.authorizeRequest();
    const mark = e2e.app.received.length;

    await page.goto(request.url);
    expect(await page.locator('h1').textContent()).toBe('Sign in');
    await screenshot(page, '08-no-js-login');
    await signIn(page, user.username, 'wrong');
    expect((await page.getByRole('alert').textContent())?.trim()).toBe('Wrong username or password.');
    expect(await page.getByLabel('Username').inputValue()).toBe(user.username);
    await signIn(page, user.username, user.password);
    await page.waitForURL(`${e2e.server.url}/consent`);
    expect(await page.locator('ul.scopes li').count()).toBe(requestedScopes.length);
    await screenshot(page, '08-no-js-consent');
    await page.getByRole('button', { name: 'Allow' }).click();
    await page.waitForURL(atCallback);
    const answer = queryOf(page);
    expect(answer.code).toBeTruthy();
    expect(answer.state).toBe(request.state);
    expect(e2e.app.since(mark)).toHaveLength(1);
  });

  test('8b. keyboard: Tab reaches username, password, then Sign in; Enter submits', async () => {
    const { page } = await e2e.newPage();
    const user = await e2e.newUser();
    await page.goto(e2e.authorizeRequest().url);
    expect(await waitForFocus(page, '#username')).toBe('#username');

    // Start sequential focus navigation at the top of the card, as a keyboard user arriving would.
    await page.locator('h1').click();
    await page.keyboard.press('Tab');
    expect(await focused(page)).toBe('#username');
    await page.keyboard.type(user.username);
    await page.keyboard.press('Tab');
    expect(await focused(page)).toBe('#password');
    await page.keyboard.type(user.password);
    await page.keyboard.press('Tab');
    expect(await focused(page)).toBe('button:Sign in');
    await screenshot(page, '08-keyboard-sign-in-focused');

    await page.keyboard.press('Shift+Tab');
    expect(await focused(page)).toBe('#password');
    await page.keyboard.press('Enter');
    await page.waitForURL(`${e2e.server.url}/consent`);
    // On consent the choices are reachable too: "Not you? Switch account" (beside who is signed in), Deny, then Allow.
    await page.locator('h1').click();
    await page.keyboard.press('Tab');
    expect(await focused(page)).toBe('button:Switch account');
    await page.keyboard.press('Tab');
    expect(await focused(page)).toBe('button:Deny');
    await page.keyboard.press('Tab');
    expect(await focused(page)).toBe('button:Allow');
    await page.keyboard.press('Enter');
    await page.waitForURL(atCallback);
    expect(queryOf(page).code).toBeTruthy();
  });
});
