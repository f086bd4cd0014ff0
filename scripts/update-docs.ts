import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { generatedPages, updateSections } from './docs/generated-pages.js';

/**
 * `npm run docs` rewrites the generated sections of the pages in `docs/` (the settings table, the CLI reference);
 * `npm run docs:check` writes nothing and exits 1 naming every page that is out of date.
 */
function main(check: boolean): void {
  const root = join(__dirname, '..');
  const stale: string[] = [];
  for (const page of generatedPages) {
    const path = join(root, page.file);
    const text = readFileSync(path, 'utf8');
    const updated = updateSections(text, page);
    if (updated === text) continue;
    if (check) stale.push(page.file);
    else writeFileSync(path, updated);
  }
  if (stale.length) {
    console.error(`Out of date (run npm run docs and commit): ${stale.join(', ')}`);
    process.exit(1);
  }
}

if (require.main === module) main(process.argv.includes('--check'));
