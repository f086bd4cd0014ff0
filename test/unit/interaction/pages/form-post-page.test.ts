import { renderFormPostPage } from '../../../../src/interaction/pages/index.js';
import { attr, expectSoundPage, forms, hiddenFields, HOSTILE, HOSTILE_ESCAPED, tags } from './page-checks.js';

const base = { nonce: 'n-f', redirectUri: 'https://client.example/cb', fields: { code: 'abc', state: 'xyz' } };

describe('renderFormPostPage', () => {
  it('is a sound page with one nonce\'d script and the redirect URI as its only URL', () => {
    expectSoundPage(renderFormPostPage(base), { nonce: 'n-f', script: true, allowedUrls: ['https://client.example/cb'] });
  });

  it('POSTs the fields as hidden inputs to the redirect URI, and nothing else', () => {
    const [form, ...rest] = forms(renderFormPostPage(base));
    expect(rest).toEqual([]);
    expect(attr(form!.tag, 'action')).toBe('https://client.example/cb');
    expect(attr(form!.tag, 'method')).toBe('post');
    expect(hiddenFields(form!.body)).toEqual({ code: 'abc', state: 'xyz' });
  });

  it('submits the form from the script, even if a field is named "submit"', () => {
    const page = renderFormPostPage({ ...base, fields: { submit: 'x' } });
    const id = attr(forms(page)[0]!.tag, 'id');
    expect(page).toContain(`<script nonce="n-f">HTMLFormElement.prototype.submit.call(document.getElementById('${id}'));</script>`);
  });

  it('offers a Continue button inside <noscript>', () => {
    const [form] = forms(renderFormPostPage(base));
    expect(form!.body).toMatch(/<noscript>[\s\S]*<button class="[^"]*" type="submit">Continue<\/button><\/noscript>/);
    expect(tags(form!.body, 'button')).toHaveLength(1);
  });

  it('escapes field names, values and the redirect URI', () => {
    const page = renderFormPostPage({ nonce: 'n', redirectUri: `https://client.example/cb?a=1&b="2"`, fields: { state: HOSTILE, [HOSTILE]: 'v' } });
    expect(page).not.toContain('<script>');
    expect(page).toContain('action="https://client.example/cb?a=1&amp;b=&quot;2&quot;"');
    expect(page).toContain(`<input type="hidden" name="state" value="${HOSTILE_ESCAPED}">`);
    expect(page).toContain(`<input type="hidden" name="${HOSTILE_ESCAPED}" value="v">`);
  });

  it('refuses a redirect URI that is not http(s)', () => {
    for (const redirectUri of ['javascript:alert(1)', 'data:text/html,x', '/relative', 'com.example.app:/cb']) {
      expect(() => renderFormPostPage({ ...base, redirectUri })).toThrow(TypeError);
    }
  });
});
