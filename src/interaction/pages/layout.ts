import { html, raw, type SafeHtml } from './html.js';
import { STYLES } from './styles.js';

/** What `renderDocument` wraps in the shared page chrome. */
export interface DocumentParts {
  /** CSP nonce for the inline `<style>` (and `<script>`, if any). */
  nonce: string;
  /** Page-specific part of `<title>`; " – Latchkey" is appended. */
  title: string;
  /** Contents of the `<main>` card, which must hold the page's only `<h1>`. */
  main: SafeHtml;
  /** A wider card, for pages with lists. */
  wide?: boolean;
  /** Trusted inline script body, run with the nonce. Only the form_post page uses one. */
  script?: SafeHtml;
}

const KEY_MARK = raw(
  '<svg width="18" height="18" viewBox="0 0 24 24" fill="none" stroke="currentColor" stroke-width="2.25" stroke-linecap="round" stroke-linejoin="round" aria-hidden="true" focusable="false">' +
    '<circle cx="7.5" cy="15.5" r="4.5"/><path d="M10.7 12.3 20 3"/><path d="m16 7 3 3"/><path d="m18.5 4.5 2 2"/></svg>',
);

/** Renders a complete HTML5 document with the Latchkey header and one inline stylesheet. */
export function renderDocument(parts: DocumentParts): string {
  const script = parts.script ? html`<script nonce="${parts.nonce}">${parts.script}</script>` : '';
  return html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="color-scheme" content="light dark">
<meta name="robots" content="noindex, nofollow">
<title>${parts.title} – Latchkey</title>
<style nonce="${parts.nonce}">${raw(STYLES)}</style>
</head>
<body>
<div class="shell">
<header class="brand"><span class="brand-mark">${KEY_MARK}</span><span>Latchkey</span></header>
<main class="${parts.wide ? 'card card-wide' : 'card'}">
${parts.main}
</main>
</div>
${script}
</body>
</html>
`.toString();
}
