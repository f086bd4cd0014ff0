import { catalogues, negotiateLocale, pageText, supportedLocales } from '../../../../src/interaction/i18n/index.js';

const placeholders = (text: string): string[] => [...text.matchAll(/\{([a-zA-Z]+)\}/g)].map((m) => m[1]!).sort();

/** Every text of a catalogue, plural forms flattened, by key. */
function texts(locale: (typeof supportedLocales)[number]): Map<string, string[]> {
  return new Map(Object.entries(catalogues[locale]).map(([key, value]) => [key, typeof value === 'string' ? [value] : Object.values(value as unknown as Record<string, string>)]));
}

describe('message catalogues', () => {
  const english = texts('en');

  it.each(supportedLocales.filter((l) => l !== 'en'))('%s has exactly the English keys', (locale) => {
    expect([...texts(locale).keys()].sort()).toEqual([...english.keys()].sort());
  });

  it.each(supportedLocales)('%s has no empty or untrimmed text', (locale) => {
    for (const [key, values] of texts(locale)) {
      for (const value of values) expect({ key, ok: value.trim() !== '' && (value === value.trim() || key === 'account.revokeFor') }).toEqual({ key, ok: true });
    }
  });

  it.each(supportedLocales)('%s uses the same placeholders as English in every text', (locale) => {
    for (const [key, values] of texts(locale)) {
      const expected = placeholders(english.get(key)![0]!);
      for (const value of values) expect({ key, placeholders: placeholders(value) }).toEqual({ key, placeholders: expected });
    }
  });

  it('Italian is really translated: most texts differ from English', () => {
    const italian = texts('it');
    const same = [...english].filter(([key, values]) => italian.get(key)!.join() === values.join()).map(([key]) => key);
    // Words Italian takes from English as they are.
    expect(same).toEqual(['document.privacy', 'login.password', 'account.passkeyDefaultName']);
  });
});

describe('pageText', () => {
  it('fills placeholders and escapes text in markup, but not trusted fragments', () => {
    const { t, h } = pageText('en');
    expect(t('login.leadAccount', { brand: 'Acme & Co' })).toBe('with your Acme & Co account');
    expect(h('login.leadAccount', { brand: 'Acme & Co' }).value).toBe('with your Acme &amp; Co account');
  });

  it('chooses plural forms by CLDR rules', () => {
    expect(pageText('en').plural('rateLimited.seconds', 1)).toBe('1 second');
    expect(pageText('en').plural('rateLimited.seconds', 5)).toBe('5 seconds');
    expect(pageText('it').plural('rateLimited.minutes', 1)).toBe('1 minuto');
    expect(pageText('it').plural('rateLimited.minutes', 3)).toBe('3 minuti');
  });

  it('writes dates in the locale, in UTC', () => {
    const date = new Date(Date.UTC(2026, 10, 27, 23, 30));
    expect(pageText('en').date(date)).toBe('27 November 2026');
    expect(pageText('it').date(date)).toBe('27 novembre 2026');
  });
});

describe('negotiateLocale', () => {
  it.each([
    [undefined, undefined, 'en'],
    ['it', undefined, 'it'],
    ['fr-CA it-IT en', undefined, 'it'],
    ['fr', 'it;q=0.5, en;q=0.9', 'en'],
    [undefined, 'fr, it-CH;q=0.8, en;q=0.7', 'it'],
    [undefined, 'it;q=0, en', 'en'],
    [undefined, '*, it;q=0.1', 'it'],
    [undefined, 'de', 'en'],
    ['en', 'it', 'en'],
  ])('ui_locales %p, Accept-Language %p → %p', (ui, accept, expected) => {
    expect(negotiateLocale(ui, accept)).toBe(expected);
  });
});
