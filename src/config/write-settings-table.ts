import { readFileSync, writeFileSync } from 'node:fs';
import { settingsTable } from './settings-table.js';

/** `npm run docs:config`: rewrites the configuration table in README.md from the settings schema. */
const file = process.argv[2] ?? 'README.md';
const readme = readFileSync(file, 'utf8');
const updated = readme.replace(
  /<!-- settings-table:start -->[\s\S]*?<!-- settings-table:end -->/,
  `<!-- settings-table:start -->\n${settingsTable()}\n<!-- settings-table:end -->`,
);
writeFileSync(file, updated);
