import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseKek } from './index.js';

/** Development only: reads `DATA_DIR/kek`, creating it (mode 0600) on first use. */
export function ensureDevelopmentKek(dataDir: string): Buffer {
  const file = join(dataDir, 'kek');
  try {
    return parseKek(readFileSync(file, 'utf8'), file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const kek = randomBytes(32);
  writeFileSync(file, `${kek.toString('base64url')}\n`, { mode: 0o600, flag: 'wx' });
  return kek;
}
