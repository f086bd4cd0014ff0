import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Knex } from 'knex';
import { migrationSource, migrations } from '../../../db/migrations/index.js';
import { openDatabase } from '../../../src/store/database.js';
import { onMysql, onPostgres } from '../../helpers/test-database.js';

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

/** Every column with its type, nullability and collation, as MySQL/MariaDB reports them. */
async function mysqlSchemaOf(db: Knex, database: string): Promise<Map<string, { type: string; collation: string | null }>> {
  const [rows] = (await db.raw(
    'select table_name as t, column_name as c, column_type as type, is_nullable as nullable, collation_name as collation from information_schema.columns where table_schema = ? and table_name not like ?',
    [database, 'knex\\_%'],
  )) as [{ t: string; c: string; type: string; nullable: string; collation: string | null }[]];
  return new Map(rows.map((r) => [`${r.t}.${r.c}`, { type: `${r.type} ${r.nullable === 'YES' ? 'null' : 'not null'}`, collation: r.collation }]));
}

/**
 * On MySQL the same rule, plus what SQLite cannot show: a column keeps its type and nullability, and its
 * collation may change only to a binary one (`*_bin`). That is the one change older code cannot notice
 * except where it relied on folding, which usernames must not (they are normalised in code).
 */
(onMysql ? describe : describe.skip)('migrations are additive on MySQL', () => {
  let url: URL;
  let scratch: string;
  let admin: Knex;
  beforeAll(async () => {
    url = new URL(process.env.LATCHKEY_TEST_DATABASE_URL as string);
    scratch = `${url.pathname.slice(1)}_additive`;
    admin = openDatabase(url.toString());
    await admin.raw(`drop database if exists \`${scratch}\``);
    await admin.raw(`create database \`${scratch}\` character set utf8mb4`);
  });
  afterAll(async () => {
    await admin.raw(`drop database if exists \`${scratch}\``);
    await admin.destroy();
  });

  it('each migration after the first keeps every column type, and changes collations only to binary ones', async () => {
    const scratchUrl = new URL(url.toString());
    scratchUrl.pathname = `/${scratch}`;
    const db = openDatabase(scratchUrl.toString());
    try {
      await db.migrate.up({ migrationSource });
      for (const [name] of migrations.slice(1)) {
        const before = await mysqlSchemaOf(db, scratch);
        await db.migrate.up({ migrationSource });
        const after = await mysqlSchemaOf(db, scratch);
        for (const [column, was] of before) {
          const now = after.get(column);
          expect({ migration: name, column, type: now?.type }).toEqual({ migration: name, column, type: was.type });
          if (now?.collation !== was.collation) expect({ migration: name, column, collation: now?.collation }).toEqual({ migration: name, column, collation: expect.stringMatching(/_bin$/) });
        }
      }
      const [[username]] = (await db.raw("select collation_name as c from information_schema.columns where table_schema = ? and table_name = 'users' and column_name = 'username'", [scratch])) as [{ c: string }[]];
      expect(username?.c).toBe('utf8mb4_bin');
    } finally {
      await db.destroy();
    }
  });
});

/** Every column with its type, nullability and collation (null: the database's default), as PostgreSQL reports them. */
async function postgresSchemaOf(db: Knex): Promise<Map<string, { type: string; collation: string | null }>> {
  const { rows } = (await db.raw(
    "select table_name as t, column_name as c, data_type || coalesce('(' || character_maximum_length || ')', '') as type, is_nullable as nullable, collation_name as collation " +
      "from information_schema.columns where table_schema = current_schema() and table_name not like 'knex\\_%'",
  )) as { rows: { t: string; c: string; type: string; nullable: string; collation: string | null }[] };
  return new Map(rows.map((r) => [`${r.t}.${r.c}`, { type: `${r.type} ${r.nullable === 'YES' ? 'null' : 'not null'}`, collation: r.collation }]));
}

/** On PostgreSQL the same rule: types and nullability kept, a collation changed only to the byte-wise `C`. */
(onPostgres ? describe : describe.skip)('migrations are additive on PostgreSQL', () => {
  let url: URL;
  let scratch: string;
  let admin: Knex;
  beforeAll(async () => {
    url = new URL(process.env.LATCHKEY_TEST_DATABASE_URL as string);
    scratch = `${url.pathname.slice(1)}_additive`;
    admin = openDatabase(url.toString());
    await admin.raw(`drop database if exists "${scratch}"`);
    await admin.raw(`create database "${scratch}"`);
  });
  afterAll(async () => {
    await admin.raw(`drop database if exists "${scratch}"`);
    await admin.destroy();
  });

  it('each migration after the first keeps every column type, and changes collations only to C', async () => {
    const scratchUrl = new URL(url.toString());
    scratchUrl.pathname = `/${scratch}`;
    const db = openDatabase(scratchUrl.toString());
    try {
      await db.migrate.up({ migrationSource });
      for (const [name] of migrations.slice(1)) {
        const before = await postgresSchemaOf(db);
        await db.migrate.up({ migrationSource });
        const after = await postgresSchemaOf(db);
        for (const [column, was] of before) {
          const now = after.get(column);
          expect({ migration: name, column, type: now?.type }).toEqual({ migration: name, column, type: was.type });
          if (now?.collation !== was.collation) expect({ migration: name, column, collation: now?.collation }).toEqual({ migration: name, column, collation: 'C' });
        }
      }
      expect((await postgresSchemaOf(db)).get('users.username')).toEqual({ type: 'character varying(191) not null', collation: 'C' });
    } finally {
      await db.destroy();
    }
  });
});
