/** A value that breaks out of text, attributes and entities if it is not escaped. */
export const HOSTILE = `<script>alert("x")</script>&'`;
/** `HOSTILE` as `escapeHtml` writes it. */
export const HOSTILE_ESCAPED = '&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&amp;&#39;';

const count = (text: string, pattern: RegExp): number => (text.match(new RegExp(pattern.source, 'gi')) ?? []).length;

/** Opening tags of one element type, e.g. every `<input ...>`. */
export function tags(page: string, name: string): string[] {
  return page.match(new RegExp(`<${name}\\b[^>]*>`, 'gi')) ?? [];
}

/** An attribute's raw (still escaped) value from one opening tag. */
export function attr(tag: string, name: string): string | undefined {
  return new RegExp(`\\s${name}="([^"]*)"`, 'i').exec(tag)?.[1];
}

/** Every `<form>...</form>` with its opening tag. */
export function forms(page: string): { tag: string; body: string }[] {
  return [...page.matchAll(/(<form\b[^>]*>)([\s\S]*?)<\/form>/gi)].map((m) => ({ tag: m[1]!, body: m[2]! }));
}

/** Hidden input values by name within a fragment. */
export function hiddenFields(fragment: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const tag of tags(fragment, 'input').filter((t) => attr(t, 'type') === 'hidden')) out[attr(tag, 'name')!] = attr(tag, 'value')!;
  return out;
}

export interface PageExpectations {
  nonce: string;
  /** Whether the page has its one nonce'd script (form_post only). */
  script?: boolean;
  /** Every POST form must carry this csrf_token. Omit for form_post. */
  csrfToken?: string;
  /** Absolute URLs the page may contain (the form_post action). */
  allowedUrls?: string[];
  /** The passkey pages: the options as JSON data (never run) and `/assets/passkeys.js` with the nonce. */
  passkeyScript?: boolean;
}

/** Checks every rule all pages share: document shape, CSP, accessibility basics, forms. */
export function expectSoundPage(page: string, expected: PageExpectations): void {
  expect(page.startsWith('<!doctype html>\n<html lang="en">')).toBe(true);
  expect(count(page, /<meta charset="utf-8">/)).toBe(1);
  expect(count(page, /<meta name="viewport" content="width=device-width, initial-scale=1">/)).toBe(1);
  expect(page).toMatch(/<title>[^<]+ – Latchkey<\/title>/);
  expect(count(page, /<title>/)).toBe(1);
  expect(count(page, /<h1[\s>]/)).toBe(1);
  expect(count(page, /<main[\s>]/)).toBe(1);
  expect(page).toMatch(/<header class="brand">[\s\S]*Latchkey[\s\S]*<\/header>/);

  expect(tags(page, 'style').map((t) => attr(t, 'nonce'))).toEqual([expected.nonce]);
  const passkeyTags = expected.passkeyScript ? ['<script type="application/json" id="passkey-options">', `<script nonce="${expected.nonce}" src="/assets/passkeys.js" defer>`] : [];
  expect(tags(page, 'script').filter((t) => !passkeyTags.includes(t)).map((t) => attr(t, 'nonce'))).toEqual(expected.script ? [expected.nonce] : []);
  for (const tag of passkeyTags) expect(count(page, new RegExp(tag.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')))).toBe(1);
  const withoutPasskeyScript = expected.passkeyScript ? page.replace(` src="/assets/passkeys.js"`, '') : page;
  expect(page).not.toMatch(/\sstyle\s*=/i);
  expect(page).not.toMatch(/\son[a-z]+\s*=/i);
  expect(withoutPasskeyScript).not.toMatch(/<(link|img|iframe|object|embed|base)\b|@import|url\(|\ssrc=|javascript:/i);
  const urls = page.match(/(https?:)?\/\/[^\s"'<>)]+/gi) ?? [];
  expect(urls.filter((url) => !(expected.allowedUrls ?? []).includes(url))).toEqual([]);

  const ids = tags(page, '[a-z0-9]+').map((t) => attr(t, 'id')).filter((id) => id !== undefined);
  expect(new Set(ids).size).toBe(ids.length);
  for (const input of tags(page, 'input').filter((t) => attr(t, 'type') !== 'hidden')) {
    const id = attr(input, 'id');
    expect(id).toBeDefined();
    expect(page).toContain(`<label for="${id}">`);
  }
  for (const button of tags(page, 'button')) expect(attr(button, 'type')).toBe('submit');

  for (const form of forms(page)) {
    expect(attr(form.tag, 'method')).toBe('post');
    if (expected.csrfToken !== undefined) {
      expect(attr(form.tag, 'action')).toMatch(/^\/(?!\/)/);
      expect(hiddenFields(form.body).csrf_token).toBe(expected.csrfToken);
    }
  }
}
