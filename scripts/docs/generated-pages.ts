import { cliReference } from './cli-reference.js';
import { settingsTable } from './settings-table.js';

/** A documentation page with generated sections, each between `<!-- NAME:start -->` and `<!-- NAME:end -->`. */
export interface GeneratedPage {
  /** Path from the repository root. */
  readonly file: string;
  /** Section builders by marker name. */
  readonly sections: Readonly<Record<string, () => string>>;
}

/** The settings docs/multi-factor.md lists. */
const multiFactorSettings = [
  'LATCHKEY_KEK',
  'LATCHKEY_MFA',
  'LATCHKEY_FRESH_SIGN_IN_S',
  'LATCHKEY_WEBAUTHN_RP_ID',
  'LATCHKEY_LOCKOUT_THRESHOLD',
  'LATCHKEY_LOCKOUT_WAIT_INCREMENT_S',
  'LATCHKEY_LOCKOUT_MAX_WAIT_S',
  'LATCHKEY_LOCKOUT_RESET_S',
  'LATCHKEY_RATE_LIMIT_LOGIN_IP_FAILURES',
  'LATCHKEY_RATE_LIMIT_FAILURE_WINDOW_S',
];

/** Every page `npm run docs` writes, and what it writes into each. */
export const generatedPages: readonly GeneratedPage[] = [
  { file: 'docs/configuration.md', sections: { 'settings-table': settingsTable } },
  { file: 'docs/cli.md', sections: { cli: cliReference } },
  { file: 'docs/multi-factor.md', sections: { 'multi-factor-settings': () => settingsTable(multiFactorSettings) } },
];

/** Replaces every generated section of a page's text; a missing marker pair is an error, never a silent no-op. */
export function updateSections(text: string, page: GeneratedPage): string {
  return Object.entries(page.sections).reduce((current, [name, build]) => {
    const pattern = new RegExp(`<!-- ${name}:start -->[\\s\\S]*?<!-- ${name}:end -->`);
    if (!pattern.test(current)) throw new Error(`${page.file}: no <!-- ${name}:start --> ... <!-- ${name}:end --> markers`);
    return current.replace(pattern, () => `<!-- ${name}:start -->\n${build()}\n<!-- ${name}:end -->`);
  }, text);
}
