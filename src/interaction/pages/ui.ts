import { negotiateLocale, pageText, type Locale, type PageText } from '../i18n/index.js';

/** What an operator configures about how pages look (LATCHKEY_BRAND_*, LATCHKEY_TERMS_URL, LATCHKEY_PRIVACY_URL). */
export interface Brand {
  /** Product name in the header, the `<title>` and the built-in scope descriptions. */
  readonly name: string;
  /** Same-origin path of the logo (`/brand/logo`) when one is configured. */
  readonly logoPath?: string;
  /** Accent colour as `#rrggbb`, replacing the indigo of buttons and focus rings. */
  readonly accent?: string;
  readonly termsUrl?: string;
  readonly privacyUrl?: string;
}

/** The brand and the language a page is rendered in. */
export interface PageUi {
  readonly brand: Brand;
  readonly text: PageText;
}

/** The brand when nothing is configured. */
export const defaultBrand: Brand = Object.freeze({ name: 'Latchkey' });

/** The page UI for a locale and brand (English and the default brand unless given). */
export function pageUi(locale: Locale = 'en', brand: Brand = defaultBrand): PageUi {
  return { brand, text: pageText(locale) };
}

/** The page UI for a request: the locale from `ui_locales` (OIDC Core §3.1.2.1), then `Accept-Language`. */
export function negotiatedUi(brand: Brand, uiLocales: string | undefined, acceptLanguage: string | undefined): PageUi {
  return pageUi(negotiateLocale(uiLocales, acceptLanguage), brand);
}
