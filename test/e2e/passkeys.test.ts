/**
 * Passkeys in Chromium (issue 10) with a virtual authenticator over the DevTools protocol (CTAP2, internal,
 * resident keys, user verification): register one from the account page, sign in without a password, and
 * see the server refuse an assertion without user verification (isBadUV) and one with a bogus signature
 * (isBogusSignature). Latchkey is served on `localhost`: WebAuthn refuses an IP address as RP ID.
 * Screenshots: passkey-new, passkey-sign-in (the login page's passkey prompt).
 */
import type { CDPSession, Page } from 'playwright-core';
import { screenshot } from './helpers/browser.js';
import { queryOf, setupE2E, signIn } from './helpers/world.js';

const e2e = setupE2E('Passkey Notes', { issuerHost: 'localhost' });

/** A virtual platform authenticator on the page, as a phone or laptop with a fingerprint reader would be. */
async function virtualAuthenticator(page: Page): Promise<{ cdp: CDPSession; authenticatorId: string }> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('WebAuthn.enable');
  const { authenticatorId } = await cdp.send('WebAuthn.addVirtualAuthenticator', {
    options: { protocol: 'ctap2', transport: 'internal', hasResidentKey: true, hasUserVerification: true, isUserVerified: true, automaticPresenceSimulation: true },
  });
  return { cdp, authenticatorId };
}

function idTokenClaims(tokens: Record<string, unknown>): Record<string, unknown> {
  return JSON.parse(Buffer.from(String(tokens.id_token).split('.')[1]!, 'base64url').toString()) as Record<string, unknown>;
}

/** Signs in with the password to the account page and registers a passkey named `name` there. */
async function registerPasskey(page: Page, user: { username: string; password: string }, name: string): Promise<void> {
  await page.goto(`${e2e.server.issuer}/account`);
  await signIn(page, user.username, user.password);
  await page.waitForURL(`${e2e.server.issuer}/account`);
  await page.getByRole('link', { name: 'Add a passkey' }).click();
  await page.waitForURL(`${e2e.server.issuer}/account/passkeys/new`);
  await page.getByLabel('Name').fill(name);
  await screenshot(page, 'passkey-new');
  await page.getByRole('button', { name: 'Create passkey' }).click();
  // The first second factor comes with recovery codes, shown once.
  await page.getByRole('heading', { name: 'Save your recovery codes' }).waitFor();
  expect(await page.locator('li code').count()).toBe(10);
  await page.getByRole('link', { name: 'I have saved them' }).click();
  await page.waitForURL(`${e2e.server.issuer}/account`);
}

test('register a passkey on the account page, then sign in to an app with it and no password: acr phr', async () => {
  const { page, context } = await e2e.newPage();
  const { cdp, authenticatorId } = await virtualAuthenticator(page);
  const user = await e2e.newUser();
  await registerPasskey(page, user, 'Test laptop');
  const section = await page.locator('section.factors').textContent();
  expect(section).toContain('Test laptop');
  expect(section).toContain('10 recovery codes left');
  const { credentials } = await cdp.send('WebAuthn.getCredentials', { authenticatorId });
  expect(credentials).toHaveLength(1);
  expect(credentials[0]!.isResidentCredential).toBe(true);

  // A new sign-in without the session: the login page offers the passkey.
  await context.clearCookies();
  const request = e2e.authorizeRequest();
  await page.goto(request.url);
  await page.waitForURL(`${e2e.server.issuer}/login`);
  const passkeyButton = page.getByRole('button', { name: 'Sign in with a passkey' });
  await passkeyButton.waitFor();
  await screenshot(page, 'passkey-sign-in');
  await passkeyButton.click();
  await page.waitForURL(`${e2e.server.issuer}/consent`);
  await page.getByRole('button', { name: 'Allow' }).click();
  await page.waitForURL((url) => url.href.startsWith(e2e.app.callbackUri));
  const tokens = await e2e.redeem(queryOf(page).code!, request.verifier);
  expect(idTokenClaims(tokens)).toMatchObject({ acr: 'phr', amr: ['hwk', 'user', 'mfa'] });
  const after = await cdp.send('WebAuthn.getCredentials', { authenticatorId });
  expect(after.credentials[0]!.signCount).toBeGreaterThan(0);
});

test('the server refuses an assertion without user verification (isBadUV) and one with a bogus signature (isBogusSignature)', async () => {
  const { page, context } = await e2e.newPage();
  const { cdp, authenticatorId } = await virtualAuthenticator(page);
  const user = await e2e.newUser();
  await registerPasskey(page, user, 'Phone');
  await context.clearCookies();

  for (const bits of [{ isBadUV: true }, { isBogusSignature: true }]) {
    await cdp.send('WebAuthn.setResponseOverrideBits', { authenticatorId, ...bits });
    await page.goto(`${e2e.server.issuer}/account`);
    await page.waitForURL(`${e2e.server.issuer}/login`);
    await page.getByRole('button', { name: 'Sign in with a passkey' }).click();
    await page.waitForURL(`${e2e.server.issuer}/login/passkey`);
    expect(await page.getByRole('alert').textContent()).toContain('That passkey could not sign you in.');
    expect((await context.cookies()).some((cookie) => cookie.name === 'latchkey_session')).toBe(false);
  }

  // Without the overrides the same passkey signs in.
  await cdp.send('WebAuthn.setResponseOverrideBits', { authenticatorId, isBadUV: false, isBogusSignature: false });
  await page.getByRole('button', { name: 'Sign in with a passkey' }).click();
  await page.waitForURL(`${e2e.server.issuer}/account`);
  expect(await page.locator('section.factors').textContent()).toContain('Phone');
});

test('without JavaScript the login page shows no passkey button, and the password still works', async () => {
  const { page } = await e2e.newPage({ javaScriptEnabled: false });
  const user = await e2e.newUser();
  await page.goto(`${e2e.server.issuer}/account`);
  await page.waitForURL(`${e2e.server.issuer}/login`);
  expect(await page.getByRole('button', { name: 'Sign in with a passkey' }).isVisible()).toBe(false);
  await signIn(page, user.username, user.password);
  await page.waitForURL(`${e2e.server.issuer}/account`);
});
