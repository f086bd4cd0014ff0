import { renderErrorPage } from '../../../../src/interaction/pages/index.js';
import { expectSoundPage, forms, HOSTILE, HOSTILE_ESCAPED } from './page-checks.js';

const base = { nonce: 'n-e', title: 'This app sent an invalid request', description: 'The redirect address it gave is not registered.' };

describe('renderErrorPage', () => {
  it('is a sound page with no forms', () => {
    const page = renderErrorPage(base);
    expectSoundPage(page, { nonce: 'n-e' });
    expect(forms(page)).toEqual([]);
  });

  it('shows the title as heading and title, the description, and tells the person to go back', () => {
    const page = renderErrorPage(base);
    expect(page).toContain('<h1>This app sent an invalid request</h1>');
    expect(page).toContain('<title>This app sent an invalid request – Latchkey</title>');
    expect(page).toContain('The redirect address it gave is not registered.');
    expect(page).toContain('Go back to the app and try again.');
  });

  it('shows the request id in small text only when given', () => {
    expect(renderErrorPage({ ...base, requestId: 'req-42' })).toContain('<p class="fine">Request ID: <code>req-42</code></p>');
    expect(renderErrorPage(base)).not.toContain('Request ID');
  });

  it('escapes title, description and request id', () => {
    const page = renderErrorPage({ nonce: 'n', title: HOSTILE, description: HOSTILE, requestId: HOSTILE });
    expect(page).not.toContain('<script>');
    expect(page).toContain(`<h1>${HOSTILE_ESCAPED}</h1>`);
    expect(page).toContain(`<title>${HOSTILE_ESCAPED} – Latchkey</title>`);
    expect(page).toContain(`<div class="alert">${HOSTILE_ESCAPED}</div>`);
    expect(page).toContain(`<code>${HOSTILE_ESCAPED}</code>`);
  });
});
