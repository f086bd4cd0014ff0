/**
 * Signing in with a second factor in Chromium (issue 10), with JavaScript off: after the password, the code
 * from the authenticator app (computed with otplib, as the app would), or a recovery code, which is then used
 * up. The app's ID token says the multi-factor level. Screenshot: mfa-second-factor.
 */
import { generateSync } from 'otplib';
import { screenshot, waitForFocus } from './helpers/browser.js';
import { queryOf, setupE2E, signIn } from './helpers/world.js';

const e2e = setupE2E('Quill Notes');

/** A user with the authenticator app set up one time step ago, so the current code is still unused. */
async function userWithTotp() {
  const user = await e2e.newUser();
  const record = await e2e.server.lk.users.require(user.username);
  const enrolment = await e2e.server.lk.secondFactors.beginTotp(record);
  const previousStep = generateSync({ secret: enrolment!.secret, epoch: Math.floor(Date.now() / 1000) - 30 });
  const confirmed = await e2e.server.lk.secondFactors.confirmTotp(record.id, previousStep, { ip: '127.0.0.1', requestId: null });
  if (confirmed.kind !== 'confirmed') throw new Error('TOTP enrolment refused');
  return { ...user, secret: enrolment!.secret, recoveryCodes: confirmed.recoveryCodes };
}

function idTokenClaims(tokens: Record<string, unknown>): Record<string, unknown> {
  return JSON.parse(Buffer.from(String(tokens.id_token).split('.')[1]!, 'base64url').toString()) as Record<string, unknown>;
}

test('password, then the authenticator app\'s code (a wrong one first): the app gets acr mfa and amr pwd, otp, mfa', async () => {
  const { page } = await e2e.newPage({ javaScriptEnabled: false });
  const user = await userWithTotp();
  const request = e2e.authorizeRequest();
  await page.goto(request.url);
  await signIn(page, user.username, user.password);
  await page.waitForURL(`${e2e.server.url}/login/second-factor`);
  expect(await page.locator('h1').textContent()).toBe('Two-step sign-in');
  const field = page.getByLabel('Code from your authenticator app');
  expect(await field.getAttribute('autocomplete')).toBe('one-time-code');
  expect(await field.getAttribute('inputmode')).toBe('numeric');
  expect(await waitForFocus(page, '#code')).toBe('#code');
  await screenshot(page, 'mfa-second-factor');

  await field.fill(generateSync({ secret: user.secret }) === '000000' ? '111111' : '000000');
  await page.getByRole('button', { name: 'Verify' }).click();
  expect(await page.getByRole('alert').textContent()).toContain('That code is not right.');
  expect(await page.getByLabel('Code from your authenticator app').getAttribute('aria-invalid')).toBe('true');

  await page.getByLabel('Code from your authenticator app').fill(generateSync({ secret: user.secret }));
  await page.getByRole('button', { name: 'Verify' }).click();
  await page.waitForURL(`${e2e.server.url}/consent`);
  await page.getByRole('button', { name: 'Allow' }).click();
  await page.waitForURL((url) => url.href.startsWith(e2e.app.callbackUri));
  const tokens = await e2e.redeem(queryOf(page).code!, request.verifier);
  expect(idTokenClaims(tokens)).toMatchObject({ acr: 'urn:latchkey:acr:mfa', amr: ['pwd', 'otp', 'mfa'] });
});

test('a recovery code instead of the app: it works once, and the account page counts one fewer', async () => {
  const { page } = await e2e.newPage({ javaScriptEnabled: false });
  const user = await userWithTotp();
  await page.goto(`${e2e.server.url}/account`);
  await signIn(page, user.username, user.password);
  await page.waitForURL(`${e2e.server.url}/login/second-factor`);
  await page.getByRole('button', { name: 'Use a recovery code instead' }).click();
  await page.getByLabel('Recovery code').fill(user.recoveryCodes[3]!);
  await page.getByRole('button', { name: 'Verify' }).click();
  await page.waitForURL(`${e2e.server.url}/account`);
  expect(await page.locator('section.factors').textContent()).toContain('9 recovery codes left');
});
