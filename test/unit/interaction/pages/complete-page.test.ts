import { renderCompletePage, renderLoginPage } from '../../../../src/interaction/pages/index.js';
import { expectSoundPage, forms, HOSTILE, HOSTILE_ESCAPED, hiddenFields } from './page-checks.js';

describe('renderCompletePage', () => {
  it('is a sound page saying the request is complete, with a link back to the app', () => {
    const page = renderCompletePage({ nonce: 'n-1', clientName: 'Acme Notes', returnUrl: 'https://notes.example' });
    expectSoundPage(page, { nonce: 'n-1', allowedUrls: ['https://notes.example'] });
    expect(page).toContain('<h1>This request is already complete</h1>');
    expect(page).toContain('href="https://notes.example">Back to Acme Notes</a>');
  });

  it('has no link without a return URL, escapes the name and refuses a non-web URL', () => {
    const page = renderCompletePage({ nonce: 'n-1', clientName: HOSTILE });
    expect(page).not.toContain('<a ');
    expect(page).not.toContain('<script>');
    expect(() => renderCompletePage({ nonce: 'n', clientName: 'x', returnUrl: 'javascript:alert(1)' })).toThrow(TypeError);
    expect(HOSTILE_ESCAPED).toBeDefined();
  });
});

describe('renderLoginPage when signed in', () => {
  it('offers Continue as NAME (decision=continue, with the csrf token) and the form under Use another account', () => {
    const page = renderLoginPage({ nonce: 'n-1', action: '/login', csrfToken: 'tok', signedIn: { name: 'Alice', username: 'alice' } });
    expectSoundPage(page, { nonce: 'n-1', csrfToken: 'tok' });
    const [continueForm, credentials] = forms(page);
    expect(hiddenFields(continueForm!.body)).toEqual({ csrf_token: 'tok', decision: 'continue' });
    expect(continueForm!.body).toContain('>Continue as Alice</button>');
    expect(page).toContain('<summary>Use another account</summary>');
    expect(credentials!.body).toContain('name="password"');
  });
});
