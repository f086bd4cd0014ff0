import { escapeHtml, html, raw, SafeHtml } from '../../../../src/interaction/pages/html.js';

describe('escapeHtml', () => {
  it('escapes the five characters that matter in content and quoted attributes', () => {
    expect(escapeHtml(`<a href="x" title='y'>&amp;</a>`)).toBe('&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;amp;&lt;/a&gt;');
  });

  it('leaves other text, including non-ASCII, unchanged', () => {
    expect(escapeHtml('Café – 100% ✓')).toBe('Café – 100% ✓');
  });
});

describe('html', () => {
  it('escapes interpolations by default', () => {
    expect(html`<p title="${'"x"'}">${'<b>&'}</p>`.toString()).toBe('<p title="&quot;x&quot;">&lt;b&gt;&amp;</p>');
  });

  it('inserts raw() and nested html fragments unescaped', () => {
    const inner = html`<b>${'<i>'}</b>`;
    expect(html`<p>${inner}${raw('<br>')}</p>`.toString()).toBe('<p><b>&lt;i&gt;</b><br></p>');
  });

  it('renders arrays item by item, escaping strings in them', () => {
    expect(html`<ul>${['<a>', html`<li>b</li>`]}</ul>`.toString()).toBe('<ul>&lt;a&gt;<li>b</li></ul>');
  });

  it('renders nothing for null, undefined and false, and numbers as text', () => {
    expect(html`[${null}${undefined}${false}${0}${42}]`.toString()).toBe('[042]');
  });

  it('returns SafeHtml, so results compose without double escaping', () => {
    const once = html`${'&'}`;
    expect(once).toBeInstanceOf(SafeHtml);
    expect(html`${once}`.toString()).toBe('&amp;');
  });
});
