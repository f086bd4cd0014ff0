import { formatGrantDate, renderAccountPage, type AccountPageModel } from '../../../../src/interaction/pages/index.js';
import { attr, expectSoundPage, forms, hiddenFields, HOSTILE, HOSTILE_ESCAPED } from './page-checks.js';

const scopes = [{ name: 'openid', description: 'Know who you are' }];
const base: AccountPageModel = {
  nonce: 'n-a',
  csrfToken: 'tok-4',
  username: 'alice',
  grants: [
    { clientId: 'notes', clientName: 'Acme Notes', scopes, grantedAt: new Date('2026-11-27T10:00:00Z') },
    { clientId: 'cal', clientName: 'Calendar Sync', scopes: [], grantedAt: new Date('2026-03-01T23:30:00Z') },
  ],
  revokeAction: '/account/revoke',
  logoutAction: '/logout',
};

describe('renderAccountPage', () => {
  it('is a sound page whose forms all carry the csrf token', () => {
    const page = renderAccountPage(base);
    expectSoundPage(page, { nonce: 'n-a', csrfToken: 'tok-4' });
    expect(page).toContain('<h1>Your account</h1>');
    expect(page).toContain('Signed in as <strong>alice</strong>');
  });

  it('has one revoke form per app with its client_id, and a sign-out form', () => {
    const all = forms(renderAccountPage(base));
    expect(all.map((f) => attr(f.tag, 'action'))).toEqual(['/account/revoke', '/account/revoke', '/logout']);
    expect(all.map((f) => hiddenFields(f.body))).toEqual([
      { csrf_token: 'tok-4', client_id: 'notes' },
      { csrf_token: 'tok-4', client_id: 'cal' },
      { csrf_token: 'tok-4', decision: 'logout' },
    ]);
    expect(all[0]!.body).toContain('type="submit">Revoke access<span class="visually-hidden"> for Acme Notes</span></button>');
    expect(all[2]!.body).toMatch(/type="submit">Sign out<\/button>/);
  });

  it('shows each app with its scopes and the date it was authorised, in UTC', () => {
    const page = renderAccountPage(base);
    expect(page).toContain('<h3>Acme Notes</h3>');
    expect(page).toContain('Authorised on <time datetime="2026-11-27">27 November 2026</time>');
    expect(page).toContain('Authorised on <time datetime="2026-03-01">1 March 2026</time>');
    expect(page).toContain('<li>Know who you are<code class="scope-name">openid</code></li>');
  });

  it('formats dates in British English whatever the time zone', () => {
    expect(formatGrantDate(new Date('2026-12-31T23:59:59Z'))).toBe('31 December 2026');
  });

  it('shows the display name with the username when there is one', () => {
    expect(renderAccountPage({ ...base, name: 'Alice Liddell' })).toContain('Signed in as <strong>Alice Liddell</strong> (alice)');
  });

  it('shows the notice as a status message', () => {
    expect(renderAccountPage({ ...base, notice: 'Access for Acme was revoked.' })).toContain('<div class="notice" role="status">Access for Acme was revoked.</div>');
    expect(renderAccountPage(base)).not.toContain('role="status"');
  });

  it('has an empty state and still a sign-out form', () => {
    const page = renderAccountPage({ ...base, grants: [] });
    expectSoundPage(page, { nonce: 'n-a', csrfToken: 'tok-4' });
    expect(page).toContain('You have not authorised any apps.');
    expect(forms(page).map((f) => attr(f.tag, 'action'))).toEqual(['/logout']);
  });

  it('escapes usernames, names, notices, app names, client ids and scopes', () => {
    const page = renderAccountPage({
      ...base,
      username: HOSTILE,
      name: HOSTILE,
      notice: HOSTILE,
      csrfToken: HOSTILE,
      grants: [{ clientId: HOSTILE, clientName: HOSTILE, scopes: [{ name: HOSTILE, description: HOSTILE }], grantedAt: new Date(0) }],
    });
    expect(page).not.toContain('<script>');
    expect(page).toContain(`Signed in as <strong>${HOSTILE_ESCAPED}</strong> (${HOSTILE_ESCAPED})`);
    expect(page).toContain(`role="status">${HOSTILE_ESCAPED}</div>`);
    expect(page).toContain(`<h3>${HOSTILE_ESCAPED}</h3>`);
    expect(page).toContain(`<input type="hidden" name="client_id" value="${HOSTILE_ESCAPED}">`);
    expect(page).toContain(`<li>${HOSTILE_ESCAPED}<code class="scope-name">${HOSTILE_ESCAPED}</code></li>`);
    expect(page).toContain(`<span class="visually-hidden"> for ${HOSTILE_ESCAPED}</span>`);
  });

  it('refuses actions that are not same-origin paths', () => {
    expect(() => renderAccountPage({ ...base, revokeAction: 'https://evil.example/' })).toThrow(TypeError);
    expect(() => renderAccountPage({ ...base, grants: [], logoutAction: '//evil.example/' })).toThrow(TypeError);
  });
});
