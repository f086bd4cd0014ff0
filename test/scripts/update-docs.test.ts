import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { allSettings } from '../../src/config/schema.js';
import { generatedPages, updateSections } from '../../scripts/docs/generated-pages.js';

const root = join(__dirname, '..', '..');

describe('generated documentation (configuration table, CLI reference)', () => {
  it.each(generatedPages.map((page) => [page.file, page] as const))(
    '%s is exactly what the settings schema and the CLI produce (run `npm run docs` to refresh it)',
    (file, page) => {
      const text = readFileSync(join(root, file), 'utf8');
      expect(updateSections(text, page)).toBe(text);
    },
  );

  it('refuses a page that lost its markers instead of leaving it unchanged', () => {
    const page = generatedPages[0]!;
    expect(() => updateSections('# no markers here\n', page)).toThrow(/markers/);
  });

  it('documents every setting with a description and a default', () => {
    for (const setting of allSettings) {
      expect(setting.description.length).toBeGreaterThan(10);
      expect(setting.defaultText.length).toBeGreaterThan(0);
    }
  });
});
