import { renderAccountPage, renderRecoveryCodesPage, renderTotpEnrolPage } from '../../../../src/interaction/pages/index.js';
import { pageUi } from '../../../../src/interaction/pages/ui.js';
import { attr, expectSoundPage, forms, hiddenFields, HOSTILE, HOSTILE_ESCAPED } from './page-checks.js';

const enrol = {
  nonce: 'n-t',
  csrfToken: 'tok-t',
  secret: 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP',
  uri: 'otpauth://totp/Latchkey:alice?secret=JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP&issuer=Latchkey&algorithm=SHA1&digits=6&period=30',
  confirmAction: '/account/totp/confirm',
  cancelHref: '/account',
};

describe('renderTotpEnrolPage', () => {
  it('is a sound page: a QR code drawn inline (no image, no script), the key grouped, the URI as text, one labelled code field', () => {
    const page = renderTotpEnrolPage(enrol);
    // The otpauth URI, shown as text, is the page's only URL.
    expectSoundPage(page, { nonce: 'n-t', csrfToken: 'tok-t', allowedUrls: [`//${enrol.uri.slice('otpauth://'.length).replace(/&/g, '&amp;')}`] });
    expect(page).toMatch(/<div class="qr"><svg role="img" aria-label="QR code to add Latchkey to an authenticator app" focusable="false" viewBox="0 0 \d+ \d+"><rect fill="#ffffff"/);
    expect(page).toContain('<code class="secret" id="totp-secret">JBSW Y3DP EHPK 3PXP JBSW Y3DP EHPK 3PXP</code>');
    expect(page).toContain(`<code class="uri">${enrol.uri.replace(/&/g, '&amp;')}</code>`);
    const [form] = forms(page);
    expect(attr(form!.tag, 'action')).toBe('/account/totp/confirm');
    expect(hiddenFields(form!.body)).toEqual({ csrf_token: 'tok-t' });
    expect(page).toContain('autocomplete="one-time-code" required autofocus aria-describedby="totp-hint">');
    expect(page).not.toContain('role="alert"');
    expect(page).toContain('<a class="button button-secondary" href="/account">Cancel</a>');
  });

  it('shows an error with role=alert, tied to the field', () => {
    const page = renderTotpEnrolPage({ ...enrol, error: HOSTILE });
    expect(page).toContain(`<div class="alert" id="totp-error" role="alert">${HOSTILE_ESCAPED}</div>`);
    expect(page).toContain('aria-describedby="totp-hint totp-error" aria-invalid="true"');
  });

  it('speaks Italian', () => {
    const page = renderTotpEnrolPage({ ...enrol, ui: pageUi('it') });
    expect(page).toContain('<h1>Configura un’app di autenticazione</h1>');
    expect(page).toContain('<label for="code">Codice dell’app</label>');
  });
});

describe('renderRecoveryCodesPage', () => {
  it('lists each code once, with the notice as a status and a way back', () => {
    const codes = ['AAAA-BBBB-CCCC', 'DDDD-EEEE-FFFF'];
    const page = renderRecoveryCodesPage({ nonce: 'n-r', codes, notice: HOSTILE, doneHref: '/account' });
    expectSoundPage(page, { nonce: 'n-r' });
    expect(page).toContain(`<div class="notice" role="status">${HOSTILE_ESCAPED}</div>`);
    expect(page).toContain('<ol class="recovery-codes"><li><code>AAAA-BBBB-CCCC</code></li><li><code>DDDD-EEEE-FFFF</code></li></ol>');
    expect(page).toContain('href="/account">I have saved them</a>');
  });
});

describe('the account page section', () => {
  const base = { nonce: 'n-a', csrfToken: 'tok-a', username: 'alice', grants: [], revokeAction: '/account/revoke', logoutAction: '/logout' };
  const actions = {
    totpAction: '/account/totp',
    removeTotpAction: '/account/totp/remove',
    recoveryCodesAction: '/account/recovery-codes',
    newPasskeyHref: '/account/passkeys/new',
    renamePasskeyAction: '/account/passkeys/rename',
    removePasskeyAction: '/account/passkeys/remove',
  };

  it('offers to set up an app when none is on (and to continue a pending setup)', () => {
    const page = renderAccountPage({ ...base, factors: { view: { totpPending: true, recoveryCodesLeft: 0, passkeys: [] }, actions } });
    expectSoundPage(page, { nonce: 'n-a', csrfToken: 'tok-a' });
    expect(forms(page).map((f) => attr(f.tag, 'action'))).toEqual(['/account/totp', '/logout']);
    expect(page).toContain('<a href="/account/totp">Continue setup</a>');
  });

  it('shows since when the app is on and the codes left, with forms for new codes and turning it off', () => {
    const page = renderAccountPage({ ...base, factors: { view: { totpSince: new Date('2026-12-01T10:00:00Z'), totpPending: false, recoveryCodesLeft: 1, passkeys: [] }, actions } });
    expectSoundPage(page, { nonce: 'n-a', csrfToken: 'tok-a' });
    expect(page).toContain('Authenticator app: on since <time datetime="2026-12-01">1 December 2026</time>');
    expect(page).toContain('1 recovery code left');
    expect(forms(page).map((f) => attr(f.tag, 'action'))).toEqual(['/account/totp/remove', '/account/recovery-codes', '/logout']);
  });
});
