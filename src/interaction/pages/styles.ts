import { paletteVariables, palettes } from './palette.js';

const FONT = 'system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,"Noto Sans",sans-serif';
const MONO = 'ui-monospace,SFMono-Regular,Menlo,Consolas,"Liberation Mono",monospace';

const RULES = `
*,*::before,*::after{box-sizing:border-box}
html{-webkit-text-size-adjust:100%;text-size-adjust:100%}
body{margin:0;min-height:100vh;background:var(--page);color:var(--text);font-family:${FONT};font-size:1rem;line-height:1.5;-webkit-font-smoothing:antialiased}
.shell{display:flex;flex-direction:column;align-items:center;gap:24px;padding:56px 16px 40px}
.brand{display:flex;align-items:center;gap:10px;font-size:1.125rem;font-weight:650;letter-spacing:-.01em}
.brand-logo{display:block;height:32px;width:auto;max-width:160px}
.links{display:flex;gap:16px;font-size:.8125rem}
.links a{color:var(--muted)}
.client-host{margin:-4px 0 12px;font-size:.875rem;color:var(--muted)}
.brand-mark{display:inline-grid;place-items:center;width:32px;height:32px;border-radius:8px;background:var(--accent);color:var(--on-accent)}
.card{width:100%;max-width:416px;background:var(--surface);border:1px solid var(--border);border-radius:14px;padding:32px;box-shadow:0 1px 2px rgb(0 0 0 / .05),0 10px 30px rgb(0 0 0 / .06)}
.card-wide{max-width:600px}
h1{margin:0 0 10px;font-size:1.5rem;line-height:1.3;font-weight:650;letter-spacing:-.02em}
h1 strong{font-weight:750}
h2{margin:28px 0 12px;font-size:1rem;font-weight:650}
h3{margin:0;font-size:1rem;font-weight:650;overflow-wrap:anywhere}
p{margin:0 0 16px}
.card > :last-child{margin-bottom:0}
strong{overflow-wrap:anywhere}
.lead{color:var(--muted);margin-bottom:24px}
h1 + .alert{margin-top:16px}
.lead strong{color:var(--text)}
.fine{margin:20px 0 0;font-size:.8125rem;color:var(--muted)}
code{font-family:${MONO};font-size:.8125rem}
.field{margin-bottom:18px}
label{display:block;margin-bottom:6px;font-size:.875rem;font-weight:600}
.input{display:block;width:100%;min-height:44px;padding:10px 12px;font:inherit;color:var(--text);background:var(--surface);border:1px solid var(--field-border);border-radius:8px}
.input[aria-invalid="true"]{border-color:var(--danger)}
.button{display:inline-flex;align-items:center;justify-content:center;min-height:44px;padding:10px 18px;font:inherit;font-weight:600;line-height:1.2;border:1px solid transparent;border-radius:8px;cursor:pointer}
.button-primary{background:var(--accent);color:var(--on-accent)}
.button-primary:hover{background:var(--accent-hover)}
.button-secondary{background:var(--surface);color:var(--text);border-color:var(--field-border)}
.button-secondary:hover{background:var(--page)}
.button-danger{background:var(--surface);color:var(--danger);border-color:var(--danger)}
.button-danger:hover{background:var(--danger-soft)}
.button-block{width:100%;margin-top:8px}
.actions{display:flex;gap:12px;margin-top:24px}
.actions .button{flex:1}
:focus-visible{outline:3px solid var(--accent);outline-offset:2px}
.input:focus-visible{outline-offset:0;border-color:var(--accent)}
.alert{margin:0 0 20px;padding:12px 14px;font-size:.9375rem;color:var(--danger-text);background:var(--danger-soft);border:1px solid var(--danger-border);border-radius:8px}
.notice{margin:0 0 20px;padding:12px 14px;font-size:.9375rem;color:var(--success-text);background:var(--success-soft);border:1px solid var(--success-border);border-radius:8px}
.avatar{display:grid;place-items:center;flex:none;width:48px;height:48px;margin-bottom:20px;border-radius:12px;background:var(--accent-soft);color:var(--accent-text);font-size:1.375rem;font-weight:700}
.avatar-small{width:40px;height:40px;margin:0;border-radius:10px;font-size:1.125rem}
.account{display:flex;flex-wrap:wrap;align-items:baseline;justify-content:space-between;gap:4px 12px;margin:16px 0 20px;padding:10px 12px;font-size:.875rem;color:var(--muted);background:var(--page);border-radius:8px}
.account p,.account form{margin:0}
.another{margin-top:20px;padding-top:16px;border-top:1px solid var(--border)}
.another summary{cursor:pointer;font-weight:600;color:var(--accent-text);margin-bottom:16px}
.link-button{padding:0;border:0;background:none;color:var(--accent-text);font:inherit;font-weight:600;text-decoration:underline;cursor:pointer}
.account strong{color:var(--text)}
.scopes{margin:0;padding:0;list-style:none;border:1px solid var(--border);border-radius:10px}
.scopes li{padding:12px 14px;border-top:1px solid var(--border)}
.scopes li:first-child{border-top:0}
.scope-name{display:block;margin-top:2px;color:var(--muted)}
.grants{margin:0;padding:0;list-style:none}
.grant{margin-bottom:16px;padding:18px;border:1px solid var(--border);border-radius:12px}
.grant-head{display:flex;flex-wrap:wrap;align-items:center;gap:12px}
.grant-title{flex:1;min-width:0}
.grant-head p{margin:0;font-size:.875rem;color:var(--muted)}
.grant .scopes{margin-top:14px;border:0;border-radius:0}
.grant .scopes li{padding:10px 0}
.grant .scopes li:last-child{padding-bottom:0}
.empty{padding:28px 16px;text-align:center;color:var(--muted);border:1px dashed var(--field-border);border-radius:12px}
.signout{margin-top:28px;padding-top:20px;border-top:1px solid var(--border)}
.muted{color:var(--muted)}
.factors p{margin-bottom:12px}
.factor-actions{display:flex;flex-wrap:wrap;gap:12px}
[hidden]{display:none!important}
.or{margin:16px 0;text-align:center;color:var(--muted);font-size:.875rem}
.passkey .alert{margin:12px 0 0}
.passkey-list{margin:0 0 16px;padding:0;list-style:none;border:1px solid var(--border);border-radius:10px}
.passkey-list li{padding:12px 14px;border-top:1px solid var(--border)}
.passkey-list li:first-child{border-top:0}
.passkey-rename{display:flex;flex-wrap:wrap;gap:8px;margin:8px 0 0}
.passkey-rename .input{flex:1 1 160px;width:auto}
.factor-actions form{margin:0}
.qr{width:100%;max-width:232px;margin:0 auto 20px;padding:0;background:#fff;border:1px solid var(--border);border-radius:12px;overflow:hidden}
.qr svg{display:block;width:100%;height:auto}
.secret{display:inline-block;padding:8px 10px;font-size:1rem;letter-spacing:.06em;background:var(--page);border-radius:8px;overflow-wrap:anywhere}
.setup-link{margin-bottom:20px}
.setup-link summary{cursor:pointer;font-size:.875rem;font-weight:600;color:var(--accent-text)}
.uri{display:block;margin-top:8px;overflow-wrap:anywhere}
.hint{margin:6px 0 0;font-size:.8125rem;color:var(--muted)}
.code-input{font-family:${MONO};font-size:1.25rem;letter-spacing:.2em}
.recovery-codes{display:grid;grid-template-columns:repeat(2,minmax(0,1fr));gap:8px 24px;margin:0 0 24px;padding:16px 16px 16px 40px;background:var(--page);border-radius:10px}
.recovery-codes code{font-size:1rem;letter-spacing:.04em;white-space:nowrap}
a.button{text-decoration:none}
.visually-hidden{position:absolute;width:1px;height:1px;margin:-1px;padding:0;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap;border:0}
@media (max-width:480px){.shell{padding:24px 12px}.card{padding:24px 20px}.actions{flex-direction:column-reverse}.recovery-codes{grid-template-columns:1fr}}
`;

/** The one stylesheet every page inlines: light palette by default, dark via `prefers-color-scheme`. */
export const STYLES = `:root{color-scheme:light dark;${paletteVariables(palettes.light)}}
@media (prefers-color-scheme:dark){:root{${paletteVariables(palettes.dark)}}}${RULES}`;

function luminance(hex: string): number {
  const channels = [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16) / 255);
  const [r, g, b] = channels.map((c) => (c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4)) as [number, number, number];
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

/** WCAG 2.x contrast ratio of two `#rrggbb` colours. */
export function contrastRatio(a: string, b: string): number {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number];
  return (hi + 0.05) / (lo + 0.05);
}

/**
 * Rules that replace the accent with a configured `#rrggbb` colour in both schemes; the text on it is
 * black or white, whichever contrasts more.
 */
export function accentStyles(accent: string): string {
  const onAccent = contrastRatio(accent, '#ffffff') >= contrastRatio(accent, '#000000') ? '#ffffff' : '#000000';
  const vars = `--accent:${accent};--accent-hover:${accent};--on-accent:${onAccent};`;
  return `\n:root{${vars}}\n@media (prefers-color-scheme:dark){:root{${vars}}}`;
}
