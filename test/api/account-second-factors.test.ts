import { type Browser, createBrowser, csrfFrom } from '../helpers/browser-flow.js';
import { totpCode } from '../helpers/second-factors.js';
import { recentAuditEvents, registerUser, startTestServer, testClock, type TestServer } from '../helpers/test-server.js';

/**
 * Two-step sign-in on the account page (issue 10): an authenticator app is set up (pending until a
 * first code), its recovery codes shown once and counted, new codes made and the app turned off only
 * after a fresh sign-in, every change behind the session's CSRF token.
 */
const clock = testClock(Date.UTC(2026, 11, 7, 15, 0, 5));
let server: TestServer;

beforeAll(async () => {
  server = await startTestServer({ clock });
});
afterAll(() => server.close());

interface Person {
  browser: Browser;
  userId: string;
  username: string;
  password: string;
}

async function signIn(person: Omit<Person, 'userId'>): Promise<void> {
  const form = await person.browser.get('/login');
  const done = await person.browser.post('/login', { csrf_token: csrfFrom(form.html), username: person.username, password: person.password });
  expect({ status: done.status, location: done.location }).toEqual({ status: 303, location: '/account' });
}

async function signedInPerson(): Promise<Person> {
  const { user, username, password } = await registerUser(server.lk);
  const person = { browser: createBrowser(server.url), userId: user.id, username, password };
  await signIn(person);
  return person;
}

async function accountPage(person: Person): Promise<string> {
  const page = await person.browser.get('/account');
  expect(page.status).toBe(200);
  return page.html;
}

const secretOf = (html: string): string => (/<code class="secret" id="totp-secret">([A-Z2-7 ]+)<\/code>/.exec(html)?.[1] ?? '').replace(/ /g, '');
const codesOf = (html: string): string[] => [...html.matchAll(/<li><code>([0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4})<\/code><\/li>/g)].map((m) => m[1] ?? '');

/** Starts and confirms an enrolment through the pages; returns the secret and the codes shown. */
async function enrolThroughPages(person: Person): Promise<{ secret: string; codes: string[] }> {
  const csrf = csrfFrom(await accountPage(person));
  expect((await person.browser.post('/account/totp', { csrf_token: csrf })).location).toBe('/account/totp');
  const secret = secretOf((await person.browser.get('/account/totp')).html);
  const shown = await person.browser.post('/account/totp/confirm', { csrf_token: csrf, code: totpCode(secret, clock.now()) });
  expect(shown.status).toBe(200);
  return { secret, codes: codesOf(shown.html) };
}

describe('setting up an authenticator app', () => {
  it('keeps the secret pending, shown as a server-drawn QR code and as text, until a first valid code', async () => {
    const person = await signedInPerson();
    const account = await accountPage(person);
    expect(account).toContain('<h2 id="mfa-heading">Two-step sign-in</h2>');
    expect(account).toContain('Authenticator app: off');
    const started = await person.browser.post('/account/totp', { csrf_token: csrfFrom(account) });
    expect({ status: started.status, location: started.location }).toEqual({ status: 303, location: '/account/totp' });
    expect(await server.lk.secondFactors.enrolled(person.userId)).toEqual({ totp: false, recoveryCodesLeft: 0, passkeys: 0 });

    const page = await person.browser.get('/account/totp');
    expect(page.status).toBe(200);
    expect(page.headers.get('cache-control')).toBe('no-store');
    expect(page.html).toMatch(/<div class="qr"><svg role="img" aria-label="QR code to add Latchkey to an authenticator app" focusable="false" viewBox="0 0 \d+ \d+">/);
    expect(page.html).not.toContain('<script');
    const secret = secretOf(page.html);
    expect(secret).toMatch(/^[A-Z2-7]{32}$/);
    expect(page.html).toContain(`otpauth://totp/Latchkey:${encodeURIComponent(person.username)}?secret=${secret}`);
    expect(page.html).toMatch(/<label for="code">Code from the app<\/label>\n<input class="input code-input" id="code" name="code" type="text" inputmode="numeric"[^>]* autocomplete="one-time-code" required autofocus/);
    expect(await accountPage(person)).toContain('You started setting up an authenticator app but did not finish.');

    const wrong = await person.browser.post('/account/totp/confirm', { csrf_token: csrfFrom(page.html), code: '000000' });
    expect(wrong.status).toBe(200);
    expect(wrong.html).toContain('<div class="alert" id="totp-error" role="alert">That code is not right.');
    expect(wrong.html).toContain('aria-describedby="totp-hint totp-error" aria-invalid="true"');
    expect(secretOf(wrong.html)).toBe(secret);
    expect((await server.lk.secondFactors.summary(person.userId)).totpPending).toBe(true);

    const confirmed = await person.browser.post('/account/totp/confirm', { csrf_token: csrfFrom(page.html), code: totpCode(secret, clock.now()) });
    expect(confirmed.status).toBe(200);
    expect(confirmed.html).toContain('<div class="notice" role="status">Two-step sign-in is on.</div>');
    const codes = codesOf(confirmed.html);
    expect(codes).toHaveLength(10);
    expect(await server.lk.secondFactors.enrolled(person.userId)).toEqual({ totp: true, recoveryCodesLeft: 10, passkeys: 0 });
    expect((await recentAuditEvents(server, 1, 'user.mfa_enrolled'))[0]).toMatchObject({ subject: person.userId });

    // Shown once: neither the account page nor the enrolment page shows a code or the secret again.
    const after = await accountPage(person);
    expect(after).toContain('10 recovery codes left');
    expect(after).toMatch(/Authenticator app: on since <time datetime="2026-12-07">7 December 2026<\/time>/);
    for (const code of codes) expect(after).not.toContain(code);
    expect(after).not.toContain(secret);
    expect((await person.browser.get('/account/totp')).location).toBe('/account');
    // A second enrolment does not replace the one that is on.
    expect((await person.browser.post('/account/totp', { csrf_token: csrfFrom(after) })).location).toBe('/account');
  });

  it('counts the recovery codes left', async () => {
    const person = await signedInPerson();
    const { codes } = await enrolThroughPages(person);
    expect(await server.lk.secondFactors.verify(person.userId, { kind: 'recovery_code', code: codes[3] ?? '' })).toEqual({ kind: 'recovery_code' });
    expect(await accountPage(person)).toContain('9 recovery codes left');
  });

  it('refuses forms without the session CSRF token, and sends a browser without a session to sign in', async () => {
    const person = await signedInPerson();
    for (const path of ['/account/totp', '/account/totp/confirm', '/account/totp/remove', '/account/recovery-codes']) {
      const res = await person.browser.post(path, { csrf_token: 'forged', code: '123456' });
      expect(res.status).toBe(403);
      expect(res.html).toContain('The form was not valid.');
      expect((await person.browser.post(path, { code: '123456' })).status).toBe(403);
    }
    expect(await server.lk.storage.secondFactors.findTotp(person.userId)).toBeUndefined();
    const stranger = createBrowser(server.url);
    expect((await stranger.get('/account/totp')).location).toBe('/login');
    expect((await stranger.post('/account/totp', { csrf_token: 'x' })).location).toBe('/login');
  });
});

describe('changes that need a fresh sign-in', () => {
  it('turning the app off after the fresh window sends the browser through sign-in again (no "Continue as"), then works', async () => {
    const person = await signedInPerson();
    const { secret, codes } = await enrolThroughPages(person);
    clock.advance(301_000);
    const csrf = csrfFrom(await accountPage(person));
    const stale = await person.browser.post('/account/totp/remove', { csrf_token: csrf });
    expect({ status: stale.status, location: stale.location }).toEqual({ status: 303, location: '/login' });
    expect(await server.lk.secondFactors.enrolled(person.userId)).toEqual({ totp: true, recoveryCodesLeft: 10, passkeys: 0 });
    const login = await person.browser.get('/login');
    expect(login.html).not.toContain('value="continue"');
    expect(login.html).toContain('name="password"');
    const afterPassword = await person.browser.post('/login', { csrf_token: csrfFrom(login.html), username: person.username, password: person.password });
    // A user with a second factor gives it at every sign-in, this one too.
    expect(afterPassword.location).toBe('/login/second-factor');
    const codePage = await person.browser.get('/login/second-factor');
    const done = await person.browser.post('/login/second-factor', { csrf_token: csrfFrom(codePage.html), method: 'totp', code: totpCode(secret, clock.now()) });
    expect(done.location).toBe('/account');

    const removed = await person.browser.post('/account/totp/remove', { csrf_token: csrfFrom(await accountPage(person)) });
    expect(removed.location).toBe('/account?mfa=removed');
    const page = await person.browser.get('/account?mfa=removed');
    expect(page.html).toContain('<div class="notice" role="status">Two-step sign-in is off: the authenticator app and the recovery codes were removed.</div>');
    expect(page.html).toContain('Authenticator app: off');
    expect(await server.lk.secondFactors.enrolled(person.userId)).toEqual({ totp: false, recoveryCodesLeft: 0, passkeys: 0 });
    expect(await server.lk.secondFactors.verify(person.userId, { kind: 'totp', code: totpCode(secret, clock.now()) })).toBeUndefined();
    expect(await server.lk.secondFactors.verify(person.userId, { kind: 'recovery_code', code: codes[0] ?? '' })).toBeUndefined();
    expect((await recentAuditEvents(server, 1, 'user.mfa_removed'))[0]).toMatchObject({ subject: person.userId, outcome: 'success' });
  });

  it('new recovery codes replace the whole set, shown once; a stale session signs in again first', async () => {
    const person = await signedInPerson();
    const { codes } = await enrolThroughPages(person);
    const fresh = await person.browser.post('/account/recovery-codes', { csrf_token: csrfFrom(await accountPage(person)) });
    expect(fresh.status).toBe(200);
    expect(fresh.html).toContain('New recovery codes were made; the old ones no longer work.');
    const renewed = codesOf(fresh.html);
    expect(renewed).toHaveLength(10);
    expect(renewed.some((c) => codes.includes(c))).toBe(false);
    expect(await server.lk.secondFactors.verify(person.userId, { kind: 'recovery_code', code: codes[0] ?? '' })).toBeUndefined();
    expect(await server.lk.secondFactors.verify(person.userId, { kind: 'recovery_code', code: renewed[0] ?? '' })).toEqual({ kind: 'recovery_code' });
    expect((await recentAuditEvents(server, 1, 'user.recovery_codes_regenerated'))[0]).toMatchObject({ subject: person.userId });

    clock.advance(301_000);
    const stale = await person.browser.post('/account/recovery-codes', { csrf_token: csrfFrom(await accountPage(person)) });
    expect(stale.location).toBe('/login');
    expect((await server.lk.secondFactors.enrolled(person.userId)).recoveryCodesLeft).toBe(9);
    // Starting a new enrolment needs a fresh sign-in too (a stolen session must not add its own app).
    const other = await signedInPerson();
    clock.advance(301_000);
    expect((await other.browser.post('/account/totp', { csrf_token: csrfFrom(await accountPage(other)) })).location).toBe('/login');
    expect(await server.lk.storage.secondFactors.findTotp(other.userId)).toBeUndefined();
  });
});
