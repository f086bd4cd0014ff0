import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { allSettings } from '../../../src/config/schema.js';
import { updateReadme } from '../../../src/docs/update-readme.js';

describe('README generated sections (configuration table, CLI reference)', () => {
  it('are exactly what the settings schema and the CLI produce (run `npm run docs` to refresh them)', () => {
    const readme = readFileSync(join(__dirname, '..', '..', '..', 'README.md'), 'utf8');
    expect(readme).toContain('<!-- settings-table:start -->');
    expect(readme).toContain('<!-- cli:start -->');
    expect(updateReadme(readme)).toBe(readme);
  });

  it('documents every setting with a description and a default', () => {
    for (const setting of allSettings) {
      expect(setting.description.length).toBeGreaterThan(10);
      expect(setting.defaultText.length).toBeGreaterThan(0);
    }
  });
});
