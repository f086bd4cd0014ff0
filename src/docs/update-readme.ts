import { readFileSync, writeFileSync } from 'node:fs';
import { settingsTable } from '../config/settings-table.js';
import { cliReference } from './cli-reference.js';

/** The generated parts of README.md, by marker name. */
export const generatedSections: Readonly<Record<string, () => string>> = {
  'settings-table': settingsTable,
  cli: cliReference,
};

/** Replaces the text between `<!-- NAME:start -->` and `<!-- NAME:end -->` for every generated section. */
export function updateReadme(readme: string): string {
  return Object.entries(generatedSections).reduce(
    (text, [name, build]) => text.replace(new RegExp(`<!-- ${name}:start -->[\\s\\S]*?<!-- ${name}:end -->`), `<!-- ${name}:start -->\n${build()}\n<!-- ${name}:end -->`),
    readme,
  );
}

if (require.main === module) {
  const file = process.argv[2] ?? 'README.md';
  writeFileSync(file, updateReadme(readFileSync(file, 'utf8')));
}
