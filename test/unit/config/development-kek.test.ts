import { mkdtempSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ensureDevelopmentKek } from '../../../src/config/development-kek.js';

describe('the development KEK', () => {
  it('is created 0600 in a data folder created 0700, and read back the same', () => {
    const dir = join(mkdtempSync(join(tmpdir(), 'latchkey-kek-')), 'data');
    const previous = process.umask(0o022);
    try {
      const kek = ensureDevelopmentKek(dir);
      expect(statSync(dir).mode & 0o777).toBe(0o700);
      expect(statSync(join(dir, 'kek')).mode & 0o777).toBe(0o600);
      expect(ensureDevelopmentKek(dir).equals(kek)).toBe(true);
    } finally {
      process.umask(previous);
    }
  });
});
