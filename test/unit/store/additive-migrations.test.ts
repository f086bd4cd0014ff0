import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Knex } from 'knex';
import { migrationSource, migrations } from '../../../db/migrations/index.js';
import { openDatabase } from '../../../src/store/database.js';

/** Every table and its columns with their declared types, as SQLite reports them. */
async function schemaOf(db: Knex): Promise<Map<string, string>> {
  const tables: { name: string }[] = await db.raw("select name from sqlite_master where type = 'table' and name not like 'knex_%' and name not like 'sqlite_%'");
  const schema = new Map<string, string>();
  for (const { name } of tables) {
    const columns: { name: string; type: string; notnull: number }[] = await db.raw(`pragma table_info(\`${name}\`)`);
    for (const c of columns) schema.set(`${name}.${c.name}`, `${c.type} ${c.notnull ? 'not null' : 'null'}`);
  }
  return schema;
}

/**
 * Deploys run `latchkey migrate` while processes on the previous code keep
 * serving, so a migration may add tables and columns (nullable or with a
 * default) but never drop, rename or retype what older code reads.
 */
describe('migrations are additive', () => {
  it('each migration after the first keeps every table and column as it was', async () => {
    const db = openDatabase(`sqlite:${join(mkdtempSync(join(tmpdir(), 'latchkey-migrations-')), 'db.sqlite')}`);
    try {
      await db.migrate.up({ migrationSource });
      for (const [name] of migrations.slice(1)) {
        const before = await schemaOf(db);
        await db.migrate.up({ migrationSource });
        const after = await schemaOf(db);
        for (const [column, type] of before) expect({ migration: name, column, type: after.get(column) }).toEqual({ migration: name, column, type });
        for (const [column, type] of after) {
          if (before.has(column) || !/not null/.test(type)) continue;
          const table = column.split('.')[0] as string;
          const tableExisted = [...before.keys()].some((c) => c.startsWith(`${table}.`));
          // A NOT NULL column added to an existing table needs a default, or older code's inserts would fail.
          if (tableExisted) {
            const info: { name: string; dflt_value: unknown }[] = await db.raw(`pragma table_info(\`${table}\`)`);
            expect({ migration: name, column, default: info.find((c) => `${table}.${c.name}` === column)?.dflt_value ?? null }).not.toEqual({ migration: name, column, default: null });
          }
        }
      }
    } finally {
      await db.destroy();
    }
  });
});
