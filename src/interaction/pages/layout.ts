import { html, raw, type SafeHtml } from './html.js';
import { accentStyles, STYLES } from './styles.js';
import { pageUi, type PageUi } from './ui.js';

/** What `renderDocument` wraps in the shared page chrome. */
export interface DocumentParts {
  /** CSP nonce for the inline `<style>` (and `<script>`, if any). */
  nonce: string;
  /** Page-specific part of `<title>`; " – " and the brand name are appended. */
  title: string;
  /** Brand and language; English and the default brand when absent. */
  ui?: PageUi;
  /** Contents of the `<main>` card, which must hold the page's only `<h1>`. */
  main: SafeHtml;
  /** A wider card, for pages with lists. */
  wide?: boolean;
  /** Trusted inline script body, run with the nonce. Only the form_post page uses one. */
  script?: SafeHtml;
  /**
   * WebAuthn options for the page's passkey forms: embedded as JSON data (never run) and read by the
   * passkey script, which is loaded with the nonce.
   */
  passkeyOptions?: unknown;
}

/** The passkey script's path (`getPasskeyScript`). */
export const passkeyScriptPath = '/assets/passkeys.js';

/** JSON inside a `<script type="application/json">`: `<` escaped, so no text in it can close the element. */
function jsonData(value: unknown): SafeHtml {
  return raw(JSON.stringify(value).replace(/</g, '\\u003c').replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029'));
}

const KEY_MARK = raw(
  '<svg width="18" height="18" viewBox="0 0 24 24" fill="none" stroke="currentColor" stroke-width="2.25" stroke-linecap="round" stroke-linejoin="round" aria-hidden="true" focusable="false">' +
    '<circle cx="7.5" cy="15.5" r="4.5"/><path d="M10.7 12.3 20 3"/><path d="m16 7 3 3"/><path d="m18.5 4.5 2 2"/></svg>',
);

function brandFooter(ui: PageUi): SafeHtml | '' {
  const links = [
    ui.brand.termsUrl ? html`<a href="${ui.brand.termsUrl}">${ui.text.t('document.terms')}</a>` : '',
    ui.brand.privacyUrl ? html`<a href="${ui.brand.privacyUrl}">${ui.text.t('document.privacy')}</a>` : '',
  ].filter((link) => link !== '');
  return links.length > 0 ? html`<footer class="links">${links}</footer>` : '';
}

/**
 * Renders a complete HTML5 document in the page's language (`lang`), with the brand's header (its logo,
 * or the key mark, and its name), one inline stylesheet and, when configured, links to terms and privacy.
 */
export function renderDocument(parts: DocumentParts): string {
  const ui = parts.ui ?? pageUi();
  const { brand } = ui;
  const inline = parts.script ? html`<script nonce="${parts.nonce}">${parts.script}</script>` : '';
  const passkeys =
    parts.passkeyOptions === undefined
      ? ''
      : html`<script type="application/json" id="passkey-options">${jsonData(parts.passkeyOptions)}</script>
<script nonce="${parts.nonce}" src="${passkeyScriptPath}" defer></script>`;
  const script = html`${inline}${passkeys}`;
  const mark = brand.logoPath
    ? html`<img class="brand-logo" src="${brand.logoPath}" alt="" height="32">`
    : html`<span class="brand-mark">${KEY_MARK}</span>`;
  return html`<!doctype html>
<html lang="${ui.text.locale}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="color-scheme" content="light dark">
<meta name="robots" content="noindex, nofollow">
<title>${parts.title} – ${brand.name}</title>
<style nonce="${parts.nonce}">${raw(STYLES)}${brand.accent ? raw(accentStyles(brand.accent)) : ''}</style>
</head>
<body>
<div class="shell">
<header class="brand">${mark}<span>${brand.name}</span></header>
<main class="${parts.wide ? 'card card-wide' : 'card'}">
${parts.main}
</main>
${brandFooter(ui)}
</div>
${script}
</body>
</html>
`.toString();
}
