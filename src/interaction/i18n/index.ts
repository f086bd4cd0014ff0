import { escapeHtml, type HtmlValue, SafeHtml, html } from '../pages/html.js';
import type { Catalogue, PluralKey, TextKey } from './catalogue.js';
import { en } from './en.js';
import { it } from './it.js';

export type { Catalogue, PluralKey, TextKey } from './catalogue.js';

/** The locales pages are written in; the first is the default. */
export const supportedLocales = ['en', 'it'] as const;

/** A locale pages are written in. */
export type Locale = (typeof supportedLocales)[number];

/** Every catalogue by locale. */
export const catalogues: { readonly [L in Locale]: Catalogue } = { en, it };

const placeholder = /\{([a-zA-Z]+)\}/g;

/** Page text in one locale. */
export interface PageText {
  readonly locale: Locale;
  /** Plain text with its `{name}` placeholders filled in (escape it like any text). */
  t(key: TextKey, params?: Readonly<Record<string, string | number>>): string;
  /** Markup: the text escaped, each placeholder filled with an escaped string or trusted `SafeHtml`. */
  h(key: TextKey, params?: Readonly<Record<string, HtmlValue>>): SafeHtml;
  /** The plural form for `count` (CLDR rules through `Intl.PluralRules`), with `{count}` filled in. */
  plural(key: PluralKey, count: number): string;
  /** A date as "27 November 2026" (or its translation), in UTC. */
  date(date: Date): string;
}

function fill(template: string, params: Readonly<Record<string, string | number>>): string {
  return template.replace(placeholder, (whole, name: string) => (name in params ? String(params[name]) : whole));
}

function fillHtml(template: string, params: Readonly<Record<string, HtmlValue>>): SafeHtml {
  let out = '';
  let last = 0;
  for (const match of template.matchAll(placeholder)) {
    out += escapeHtml(template.slice(last, match.index));
    const name = match[1] as string;
    out += name in params ? html`${params[name] as HtmlValue}`.value : escapeHtml(match[0]);
    last = match.index + match[0].length;
  }
  return new SafeHtml(out + escapeHtml(template.slice(last)));
}

const cache = new Map<Locale, PageText>();

/** The page text of `locale`. */
export function pageText(locale: Locale): PageText {
  const known = cache.get(locale);
  if (known) return known;
  const catalogue = catalogues[locale];
  const rules = new Intl.PluralRules(locale);
  const dates = new Intl.DateTimeFormat(locale === 'en' ? 'en-GB' : locale, { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });
  const text: PageText = {
    locale,
    t: (key, params = {}) => fill(catalogue[key], params),
    h: (key, params = {}) => fillHtml(catalogue[key], params),
    plural: (key, count) => {
      const forms = catalogue[key];
      return fill(forms[rules.select(count)] ?? forms.other, { count });
    },
    date: (date) => dates.format(date),
  };
  cache.set(locale, text);
  return text;
}

/** The supported locale for one language tag (`it-CH` → `it`), if any (RFC 4647 §3.4 lookup, on the primary subtag). */
function supported(tag: string): Locale | undefined {
  const primary = tag.trim().toLowerCase().split('-')[0];
  return supportedLocales.find((locale) => locale === primary);
}

/** Accept-Language (RFC 9110 §12.5.4) as tags in preference order; `q=0` and `*` are left out. */
function acceptedTags(header: string): string[] {
  return header
    .split(',')
    .map((part, index) => {
      const [tag = '', ...params] = part.split(';').map((p) => p.trim());
      const q = params.find((p) => /^q=/i.test(p));
      const weight = q === undefined ? 1 : Number(q.slice(2));
      return { tag, weight: Number.isFinite(weight) ? weight : 0, index };
    })
    .filter((entry) => entry.tag !== '' && entry.tag !== '*' && entry.weight > 0)
    .sort((a, b) => b.weight - a.weight || a.index - b.index)
    .map((entry) => entry.tag);
}

/**
 * The page locale: the first supported tag of `ui_locales` (OIDC Core §3.1.2.1, space-separated, in
 * preference order), else of `Accept-Language`, else English.
 */
export function negotiateLocale(uiLocales: string | undefined, acceptLanguage: string | undefined): Locale {
  for (const tag of (uiLocales ?? '').split(' ')) {
    const locale = supported(tag);
    if (locale) return locale;
  }
  for (const tag of acceptedTags(acceptLanguage ?? '')) {
    const locale = supported(tag);
    if (locale) return locale;
  }
  return supportedLocales[0];
}
