import { chmodSync, mkdtempSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase } from '../../../src/store/database.js';

const modeOf = (path: string): number => statSync(path).mode & 0o777;

/** Runs `body` under a permissive umask, as a service started with the common 022 (or worse) would. */
async function withUmask<T>(mask: number, body: () => Promise<T>): Promise<T> {
  const previous = process.umask(mask);
  try {
    return await body();
  } finally {
    process.umask(previous);
  }
}

describe('SQLite files are private to their owner', () => {
  it.each([
    ['022', 0o022],
    ['000', 0o000],
  ])('creates the data folder 0700 and the database, -wal and -shm files 0600 (umask %s)', async (_name, umask) => {
    const dir = join(mkdtempSync(join(tmpdir(), 'latchkey-modes-')), 'data', 'nested');
    const file = join(dir, 'latchkey.sqlite');
    await withUmask(umask, async () => {
      const db = openDatabase(`sqlite:${file}`);
      try {
        await db.schema.createTable('t', (t) => t.integer('n'));
        await db('t').insert({ n: 1 });
        expect({ folder: modeOf(dir), parent: modeOf(join(dir, '..')), db: modeOf(file), wal: modeOf(`${file}-wal`), shm: modeOf(`${file}-shm`) }).toEqual({
          folder: 0o700,
          parent: 0o700,
          db: 0o600,
          wal: 0o600,
          shm: 0o600,
        });
      } finally {
        await db.destroy();
      }
    });
  });

  it('narrows the files of an older install that others could read', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'latchkey-modes-'));
    const file = join(dir, 'latchkey.sqlite');
    await withUmask(0o022, async () => {
      const first = openDatabase(`sqlite:${file}`);
      await first.schema.createTable('t', (t) => t.integer('n'));
      await first.destroy();
      for (const path of [file, `${file}-wal`, `${file}-shm`]) {
        writeFileSync(path, '', { flag: 'a' });
        chmodSync(path, 0o644);
      }
      const db = openDatabase(`sqlite:${file}`);
      try {
        await db('t').insert({ n: 1 });
        expect([modeOf(file), modeOf(`${file}-wal`), modeOf(`${file}-shm`)]).toEqual([0o600, 0o600, 0o600]);
      } finally {
        await db.destroy();
      }
    });
  });
});
