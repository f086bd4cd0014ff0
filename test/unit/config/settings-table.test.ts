import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { allSettings } from '../../../src/config/schema.js';
import { settingsTable } from '../../../src/config/settings-table.js';

describe('README configuration table', () => {
  it('is exactly the table built from the settings schema (run `npm run docs:config` to refresh it)', () => {
    const readme = readFileSync(join(__dirname, '..', '..', '..', 'README.md'), 'utf8');
    const between = /<!-- settings-table:start -->\n([\s\S]*?)\n<!-- settings-table:end -->/.exec(readme)?.[1];
    expect(between).toBe(settingsTable());
  });

  it('documents every setting with a description and a default', () => {
    for (const setting of allSettings) {
      expect(setting.description.length).toBeGreaterThan(10);
      expect(setting.defaultText.length).toBeGreaterThan(0);
    }
  });
});
