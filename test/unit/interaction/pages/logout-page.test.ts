import { renderLogoutPage, type LogoutPageModel } from '../../../../src/interaction/pages/index.js';
import { attr, expectSoundPage, forms, hiddenFields, HOSTILE, HOSTILE_ESCAPED, tags } from './page-checks.js';

const base: LogoutPageModel = {
  nonce: 'n-l',
  action: '/logout',
  csrfToken: 'tok-3',
  hiddenFields: { id_token_hint: 'eyJ.a.b', post_logout_redirect_uri: 'https://app.example/bye', state: 's1', client_id: 'acme' },
};

describe('renderLogoutPage', () => {
  it('is a sound page with one POST form to the action, carrying the csrf token', () => {
    const page = renderLogoutPage(base);
    expectSoundPage(page, { nonce: 'n-l', csrfToken: 'tok-3', allowedUrls: ['https://app.example/bye'] });
    expect(forms(page).map((f) => attr(f.tag, 'action'))).toEqual(['/logout']);
    expect(page).toContain('<h1>Sign out of Latchkey?</h1>');
  });

  it('carries every hidden field along with the csrf token', () => {
    const [form] = forms(renderLogoutPage(base));
    expect(hiddenFields(form!.body)).toEqual({ csrf_token: 'tok-3', ...base.hiddenFields });
  });

  it('never lets a carried field override csrf_token or decision', () => {
    const [form] = forms(renderLogoutPage({ ...base, hiddenFields: { csrf_token: 'forged', decision: 'logout', state: 's' } }));
    expect(hiddenFields(form!.body)).toEqual({ csrf_token: 'tok-3', state: 's' });
  });

  it('offers "Stay signed in" and "Sign out" as decision buttons', () => {
    const [form] = forms(renderLogoutPage(base));
    expect(tags(form!.body, 'button').map((b) => [attr(b, 'name'), attr(b, 'value')])).toEqual([['decision', 'cancel'], ['decision', 'logout']]);
    expect(form!.body).toMatch(/value="cancel">Stay signed in<\/button>/);
    expect(form!.body).toMatch(/value="logout">Sign out<\/button>/);
  });

  it('names the app that asked, when known', () => {
    expect(renderLogoutPage({ ...base, clientName: 'Acme Notes' })).toContain('<strong>Acme Notes</strong> asked to sign you out.');
    expect(renderLogoutPage(base)).not.toContain('asked to sign you out');
  });

  it('escapes the client name and hidden names and values', () => {
    const page = renderLogoutPage({ ...base, clientName: HOSTILE, csrfToken: HOSTILE, hiddenFields: { state: HOSTILE, [HOSTILE]: 'v' } });
    expect(page).not.toContain('<script>');
    expect(page).toContain(`<strong>${HOSTILE_ESCAPED}</strong> asked`);
    expect(page).toContain(`<input type="hidden" name="state" value="${HOSTILE_ESCAPED}">`);
    expect(page).toContain(`<input type="hidden" name="${HOSTILE_ESCAPED}" value="v">`);
    expect(page).toContain(`<input type="hidden" name="csrf_token" value="${HOSTILE_ESCAPED}">`);
  });
});
