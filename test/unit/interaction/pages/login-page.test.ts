import { renderLoginPage, type LoginPageModel } from '../../../../src/interaction/pages/index.js';
import { attr, expectSoundPage, forms, HOSTILE, HOSTILE_ESCAPED, tags } from './page-checks.js';

const base: LoginPageModel = { nonce: 'n-123', action: '/login', csrfToken: 'tok-1' };
const input = (page: string, id: string): string => tags(page, 'input').find((t) => attr(t, 'id') === id)!;

describe('renderLoginPage', () => {
  it('is a sound page with one POST form to the action, carrying the csrf token', () => {
    const page = renderLoginPage(base);
    expectSoundPage(page, { nonce: 'n-123', csrfToken: 'tok-1' });
    expect(forms(page).map((f) => attr(f.tag, 'action'))).toEqual(['/login']);
    expect(page).toContain('<title>Sign in – Latchkey</title>');
    expect(page).toMatch(/<button class="[^"]*" type="submit">Sign in<\/button>/);
  });

  it('labels the fields and sets autocomplete hints', () => {
    const page = renderLoginPage(base);
    expect(page).toContain('<label for="username">Username</label>');
    expect(page).toContain('<label for="password">Password</label>');
    expect(attr(input(page, 'username'), 'autocomplete')).toBe('username');
    expect(attr(input(page, 'username'), 'name')).toBe('username');
    expect(attr(input(page, 'password'), 'autocomplete')).toBe('current-password');
    expect(attr(input(page, 'password'), 'type')).toBe('password');
    expect(attr(input(page, 'password'), 'value')).toBeUndefined();
  });

  it('focuses the username when it is empty, the password when it is pre-filled', () => {
    const empty = renderLoginPage(base);
    expect(input(empty, 'username')).toMatch(/\sautofocus[\s>]/);
    expect(input(empty, 'password')).not.toMatch(/autofocus/);
    const filled = renderLoginPage({ ...base, username: 'alice' });
    expect(attr(input(filled, 'username'), 'value')).toBe('alice');
    expect(input(filled, 'username')).not.toMatch(/autofocus/);
    expect(input(filled, 'password')).toMatch(/\sautofocus[\s>]/);
    expect(filled.match(/autofocus/g)).toHaveLength(1);
  });

  it('names the app when signing in for one', () => {
    expect(renderLoginPage({ ...base, clientName: 'Acme Notes' })).toContain('to continue to <strong>Acme Notes</strong>');
    expect(renderLoginPage(base)).not.toContain('to continue to');
  });

  it('shows the error as given in a role="alert" element both fields point to', () => {
    const page = renderLoginPage({ ...base, username: 'alice', error: 'Wrong username or password.' });
    const alert = /<div class="alert" id="([^"]+)" role="alert">([^<]*)<\/div>/.exec(page);
    expect(alert?.[2]).toBe('Wrong username or password.');
    for (const id of ['username', 'password']) {
      expect(attr(input(page, id), 'aria-describedby')).toBe(alert![1]);
      expect(attr(input(page, id), 'aria-invalid')).toBe('true');
    }
  });

  it('has no alert and no aria wiring without an error', () => {
    const body = renderLoginPage(base).split('<body>')[1];
    expect(body).not.toMatch(/role="alert"|aria-describedby|aria-invalid/);
  });

  it('escapes the client name, username, error and csrf token', () => {
    const page = renderLoginPage({ nonce: 'n', action: '/login', csrfToken: HOSTILE, clientName: HOSTILE, username: HOSTILE, error: HOSTILE });
    expect(page).not.toContain('<script>');
    expect(page).toContain(`to continue to <strong>${HOSTILE_ESCAPED}</strong>`);
    expect(page).toContain(`role="alert">${HOSTILE_ESCAPED}</div>`);
    expect(attr(input(page, 'username'), 'value')).toBe(HOSTILE_ESCAPED);
    expect(page).toContain(`name="csrf_token" value="${HOSTILE_ESCAPED}"`);
  });

  it('escapes the nonce in its attribute', () => {
    const page = renderLoginPage({ ...base, nonce: '"><script>x</script>' });
    expect(page).toContain('<style nonce="&quot;&gt;&lt;script&gt;x&lt;/script&gt;">');
    expect(page).not.toContain('<script>');
  });

  it('refuses an action that is not a same-origin path', () => {
    for (const action of ['https://evil.example/login', '//evil.example/login', '/\\evil.example', 'javascript:alert(1)', 'login']) {
      expect(() => renderLoginPage({ ...base, action })).toThrow(TypeError);
    }
  });
});
