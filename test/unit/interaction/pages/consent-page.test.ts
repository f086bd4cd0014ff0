import { renderConsentPage, type ConsentPageModel } from '../../../../src/interaction/pages/index.js';
import { attr, expectSoundPage, forms, HOSTILE, HOSTILE_ESCAPED, tags } from './page-checks.js';

const base: ConsentPageModel = {
  nonce: 'n-1',
  action: '/consent',
  csrfToken: 'tok-2',
  clientName: 'Acme Notes',
  username: 'alice',
  scopes: [
    { name: 'openid', description: 'Know who you are' },
    { name: 'notes:read', description: 'Read your notes' },
  ],
};

describe('renderConsentPage', () => {
  it('is a sound page with one POST form to the action, carrying the csrf token', () => {
    const page = renderConsentPage(base);
    expectSoundPage(page, { nonce: 'n-1', csrfToken: 'tok-2' });
    expect(forms(page).map((f) => attr(f.tag, 'action'))).toEqual(['/consent']);
  });

  it('puts the app name in the heading and says who is signed in', () => {
    const page = renderConsentPage(base);
    expect(page).toContain('<h1><strong>Acme Notes</strong> wants to access your account</h1>');
    expect(page).toContain('Signed in as <strong>alice</strong>');
  });

  it('lists each scope description with its name in small text', () => {
    const page = renderConsentPage(base);
    expect(page).toContain('<li>Know who you are<code class="scope-name">openid</code></li>');
    expect(page).toContain('<li>Read your notes<code class="scope-name">notes:read</code></li>');
  });

  it('names the registered APIs the request is for (RFC 8707), escaped, and nothing when there are none', () => {
    expect(renderConsentPage({ ...base, apis: ['Notes API', 'Calendar API'] })).toContain('<p class="apis">Access to: Notes API, Calendar API</p>');
    expect(renderConsentPage({ ...base, apis: [HOSTILE] })).toContain(`Access to: ${HOSTILE_ESCAPED}`);
    expect(renderConsentPage(base)).not.toContain('class="apis"');
    expect(renderConsentPage({ ...base, apis: [] })).not.toContain('class="apis"');
  });

  it('says so when no specific scopes are asked for', () => {
    const page = renderConsentPage({ ...base, scopes: [] });
    expect(page).not.toContain('<ul');
    expect(page).toContain('is not asking for any specific permissions');
  });

  it('offers Allow and Deny as two submit buttons of the same form', () => {
    const [form] = forms(renderConsentPage(base));
    const buttons = tags(form!.body, 'button').map((b) => [attr(b, 'name'), attr(b, 'value')]);
    expect(buttons).toEqual([['decision', 'deny'], ['decision', 'approve']]);
    expect(form!.body).toMatch(/value="approve">Allow<\/button>/);
    expect(form!.body).toMatch(/value="deny">Deny<\/button>/);
  });

  it('escapes the client name, username and scopes', () => {
    const page = renderConsentPage({ ...base, clientName: HOSTILE, username: HOSTILE, csrfToken: HOSTILE, scopes: [{ name: HOSTILE, description: HOSTILE }] });
    expect(page).not.toContain('<script>');
    expect(page).toContain(`<h1><strong>${HOSTILE_ESCAPED}</strong> wants`);
    expect(page).toContain(`<title>Allow ${HOSTILE_ESCAPED}? – Latchkey</title>`);
    expect(page).toContain(`Signed in as <strong>${HOSTILE_ESCAPED}</strong>`);
    expect(page).toContain(`<li>${HOSTILE_ESCAPED}<code class="scope-name">${HOSTILE_ESCAPED}</code></li>`);
    expect(page).toContain(`name="csrf_token" value="${HOSTILE_ESCAPED}"`);
  });
});
