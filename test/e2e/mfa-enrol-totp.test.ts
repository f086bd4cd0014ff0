/**
 * Setting up an authenticator app from the account page in Chromium (issue 10), with JavaScript
 * off: the pages need none. Codes are computed with otplib, as an authenticator app would.
 * Screenshots: mfa-enrol-totp (the QR code), its dark and phone variants, and the recovery codes.
 */
import { generateSync } from 'otplib';
import { screenshot, waitForFocus } from './helpers/browser.js';
import { setupE2E, signIn } from './helpers/world.js';

const e2e = setupE2E('Quill Notes');

test('enrols TOTP from /account: QR code and key, a wrong code refused, the right one turns it on and shows the recovery codes once', async () => {
  const { page } = await e2e.newPage({ javaScriptEnabled: false });
  const user = await e2e.newUser();
  const userId = (await e2e.server.lk.users.require(user.username)).id;
  await page.goto(`${e2e.server.url}/account`);
  await signIn(page, user.username, user.password);
  await page.waitForURL(`${e2e.server.url}/account`);
  expect(await page.getByRole('heading', { name: 'Two-step sign-in' }).isVisible()).toBe(true);

  await page.getByRole('button', { name: 'Set up an authenticator app' }).click();
  await page.waitForURL(`${e2e.server.url}/account/totp`);
  expect(await page.locator('h1').textContent()).toBe('Set up an authenticator app');
  const qr = page.getByRole('img', { name: 'QR code to add Latchkey to an authenticator app' });
  expect(await qr.isVisible()).toBe(true);
  const box = await qr.boundingBox();
  expect(box?.width).toBeGreaterThan(150);
  const secret = ((await page.locator('#totp-secret').textContent()) ?? '').replace(/\s/g, '');
  expect(secret).toMatch(/^[A-Z2-7]{32}$/);
  expect(await waitForFocus(page, '#code')).toBe('#code');
  await screenshot(page, 'mfa-enrol-totp');
  await page.emulateMedia({ colorScheme: 'dark' });
  await screenshot(page, 'mfa-enrol-totp-dark');
  await page.emulateMedia({ colorScheme: 'light' });
  await page.setViewportSize({ width: 375, height: 740 });
  await screenshot(page, 'mfa-enrol-totp-phone');
  await page.setViewportSize({ width: 900, height: 700 });

  await page.getByLabel('Code from the app').fill('000000');
  await page.getByRole('button', { name: 'Turn on' }).click();
  expect(await page.getByRole('alert').textContent()).toContain('That code is not right.');
  expect(await page.getByLabel('Code from the app').getAttribute('aria-invalid')).toBe('true');
  expect(await e2e.server.lk.secondFactors.enrolled(userId)).toEqual({ totp: false, recoveryCodesLeft: 0, passkeys: 0 });

  await page.getByLabel('Code from the app').fill(generateSync({ secret }));
  await page.getByRole('button', { name: 'Turn on' }).click();
  expect(await page.locator('h1').textContent()).toBe('Save your recovery codes');
  expect(await page.getByRole('status').textContent()).toBe('Two-step sign-in is on.');
  const codes = await page.locator('ol.recovery-codes li code').allTextContents();
  expect(codes).toHaveLength(10);
  for (const code of codes) expect(code).toMatch(/^[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}$/);
  await screenshot(page, 'mfa-recovery-codes');

  await page.getByRole('link', { name: 'I have saved them' }).click();
  await page.waitForURL(`${e2e.server.url}/account`);
  const section = page.locator('section.factors');
  expect(await section.textContent()).toContain('Authenticator app: on since');
  expect(await section.textContent()).toContain('10 recovery codes left');
  expect(await page.content()).not.toContain(codes[0]);
  expect(await e2e.server.lk.secondFactors.enrolled(userId)).toEqual({ totp: true, recoveryCodesLeft: 10, passkeys: 0 });
  await screenshot(page, 'mfa-account-on');
});
