import { renderAccountPage, renderLoginPage, renderSecondFactorPage } from '../../../../src/interaction/pages/index.js';
import { renderPasskeyNewPage } from '../../../../src/interaction/pages/passkey-new-page.js';
import { pageUi } from '../../../../src/interaction/pages/ui.js';
import { attr, expectSoundPage, forms, hiddenFields, HOSTILE, HOSTILE_ESCAPED } from './page-checks.js';

/** The options a page embeds, read back as the passkey script reads them. */
function embeddedOptions(page: string): unknown {
  const match = /<script type="application\/json" id="passkey-options">([\s\S]*?)<\/script>/.exec(page);
  return match ? JSON.parse(match[1]!) : undefined;
}

const hostileOptions = { challenge: 'c', user: { name: HOSTILE, displayName: '</script><script>alert(1)</script>' }, note: '\u2028' };

describe('renderPasskeyNewPage', () => {
  const model = { nonce: 'n-p', csrfToken: 'tok-p', options: hostileOptions, action: '/account/passkeys', cancelHref: '/account' };

  it('embeds the options as data that no text in them can end, and loads the script with the nonce', () => {
    const page = renderPasskeyNewPage(model);
    expectSoundPage(page, { nonce: 'n-p', csrfToken: 'tok-p', passkeyScript: true });
    // Exactly one closing tag per script element: the user's name cannot close the data early.
    expect(page.match(/<\/script>/g)).toHaveLength(2);
    expect(embeddedOptions(page)).toEqual(hostileOptions);
    const [form] = forms(page);
    expect(attr(form!.tag, 'action')).toBe('/account/passkeys');
    expect(attr(form!.tag, 'data-passkey')).toBe('register');
    expect(form!.tag).toContain(' hidden>');
    expect(hiddenFields(form!.body)).toEqual({ csrf_token: 'tok-p', credential: '' });
    expect(page).toContain('<label for="passkey-name">Name</label>');
    expect(page).toContain('data-passkey-unsupported hidden>This browser cannot create passkeys.</p>');
  });

  it('shows a refusal with role=alert and keeps the name typed', () => {
    const page = renderPasskeyNewPage({ ...model, name: HOSTILE, error: 'That passkey could not be added. Try again.' });
    expect(page).toContain('<div class="alert" role="alert">That passkey could not be added. Try again.</div>');
    expect(page).toContain(`value="${HOSTILE_ESCAPED}"`);
  });
});

describe('passkeys on the sign-in pages', () => {
  it('the login page offers "Sign in with a passkey" (hidden until the script finds WebAuthn) beside the password form', () => {
    const page = renderLoginPage({ nonce: 'n-l', action: '/login', csrfToken: 'tok-l', passkey: { options: { challenge: 'c' }, action: '/login/passkey' } });
    expectSoundPage(page, { nonce: 'n-l', csrfToken: 'tok-l', passkeyScript: true });
    expect(forms(page).map((f) => [attr(f.tag, 'action'), attr(f.tag, 'data-passkey')])).toEqual([
      ['/login', undefined],
      ['/login/passkey', 'authenticate'],
    ]);
    expect(page).toContain('<p class="or" aria-hidden="true" data-passkey-or hidden>or</p>');
  });

  it('the login page has no passkey script when passkeys are not offered', () => {
    const page = renderLoginPage({ nonce: 'n-l', action: '/login', csrfToken: 'tok-l' });
    expectSoundPage(page, { nonce: 'n-l', csrfToken: 'tok-l' });
    expect(page).not.toContain('passkey-options');
    expect(page).not.toContain('data-passkey');
  });

  it('the second-factor page offers the passkey and the code form, or only the passkey when it alone reaches the level', () => {
    const base = { nonce: 'n-s', ui: pageUi(), action: '/login/second-factor', csrfToken: 'tok-s', passkeyOptions: { challenge: 'c' } };
    const both = renderSecondFactorPage({ ...base, method: 'totp', switchTo: 'recovery_code' });
    expectSoundPage(both, { nonce: 'n-s', csrfToken: 'tok-s', passkeyScript: true });
    expect(forms(both).map((f) => hiddenFields(f.body).method)).toEqual(['passkey', 'totp', 'recovery_code']);
    const only = renderSecondFactorPage(base);
    expectSoundPage(only, { nonce: 'n-s', csrfToken: 'tok-s', passkeyScript: true });
    expect(forms(only).map((f) => hiddenFields(f.body).method)).toEqual(['passkey']);
    expect(only).toContain('This sign-in needs a passkey.');
    expect(only).not.toContain('name="code"');
  });
});

describe('the account page lists passkeys', () => {
  it('with their kind and dates, a rename form and a remove form each', () => {
    const actions = {
      totpAction: '/account/totp',
      removeTotpAction: '/account/totp/remove',
      recoveryCodesAction: '/account/recovery-codes',
      newPasskeyHref: '/account/passkeys/new',
      renamePasskeyAction: '/account/passkeys/rename',
      removePasskeyAction: '/account/passkeys/remove',
    };
    const passkeys = [
      { id: 'pk-1', name: HOSTILE, synced: true, createdAt: new Date('2026-12-01T10:00:00Z') },
      { id: 'pk-2', name: 'Laptop', synced: false, createdAt: new Date('2026-12-02T10:00:00Z'), lastUsedAt: new Date('2026-12-03T10:00:00Z') },
    ];
    const page = renderAccountPage({
      nonce: 'n-a',
      csrfToken: 'tok-a',
      username: 'alice',
      grants: [],
      revokeAction: '/account/revoke',
      logoutAction: '/logout',
      factors: { view: { totpPending: false, recoveryCodesLeft: 10, passkeys }, actions },
    });
    expectSoundPage(page, { nonce: 'n-a', csrfToken: 'tok-a' });
    expect(forms(page).map((f) => [attr(f.tag, 'action'), hiddenFields(f.body).passkey_id])).toEqual([
      ['/account/totp', undefined],
      ['/account/passkeys/rename', 'pk-1'],
      ['/account/passkeys/remove', 'pk-1'],
      ['/account/passkeys/rename', 'pk-2'],
      ['/account/passkeys/remove', 'pk-2'],
      ['/account/recovery-codes', undefined],
      ['/logout', undefined],
    ]);
    expect(page).toContain(`<strong>${HOSTILE_ESCAPED}</strong>`);
    expect(page).toContain('Synced across your devices · Added <time datetime="2026-12-01">1 December 2026</time> · never used');
    expect(page).toContain('On one device · Added <time datetime="2026-12-02">2 December 2026</time> · last used <time datetime="2026-12-03">3 December 2026</time>');
    expect(page).toContain('<a class="button button-secondary" href="/account/passkeys/new">Add a passkey</a>');
    expect(page).toContain('10 recovery codes left');
  });
});
