import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRequire } from 'node:module';
import { cachePreparedStatements } from '../../../src/store/sqlite-statement-cache.js';
import { openDatabase } from '../../../src/store/database.js';

interface Statement {
  run(...params: unknown[]): unknown;
  all(): unknown[];
}
interface Connection {
  prepare(sql: string): Statement;
}
// better-sqlite3 ships no types; this is the part the test uses.
const Database = createRequire(__filename)('better-sqlite3') as new (filename: string) => Connection;

describe('cachePreparedStatements', () => {
  const open = () => {
    const db = new Database(':memory:');
    cachePreparedStatements(db, 3);
    return db;
  };

  it('returns the same statement for the same SQL text and a new one for another', () => {
    const db = open();
    const first = db.prepare('select 1 as one');
    expect(db.prepare('select 1 as one')).toBe(first);
    expect(db.prepare('select 2 as two')).not.toBe(first);
  });

  it('empties itself at the limit, so varying SQL cannot grow it without bound', () => {
    const db = open();
    const first = db.prepare('select 1');
    db.prepare('select 2');
    db.prepare('select 3');
    db.prepare('select 4');
    expect(db.prepare('select 1')).not.toBe(first);
  });

  it('keeps working across a schema change (SQLite re-prepares the statement)', () => {
    const db = open();
    db.prepare('create table t (a integer)').run();
    db.prepare('insert into t (a) values (?)').run(1);
    const read = () => db.prepare('select * from t').all();
    expect(read()).toEqual([{ a: 1 }]);
    db.prepare('alter table t add column b text').run();
    expect(read()).toEqual([{ a: 1, b: null }]);
  });

  it('is installed on every Knex SQLite connection, where repeated queries still see new rows and transactions still roll back', async () => {
    const db = openDatabase(`sqlite:${join(mkdtempSync(join(tmpdir(), 'latchkey-stmt-')), 'x.sqlite')}`);
    try {
      const connection = (await db.client.acquireConnection()) as Connection;
      expect(connection.prepare('select 1')).toBe(connection.prepare('select 1'));
      await db.client.releaseConnection(connection);
      await db.schema.createTable('t', (t) => t.integer('a'));
      for (const a of [1, 2, 3]) await db('t').insert({ a });
      const counts: number[] = [];
      for (let i = 0; i < 3; i++) counts.push(((await db('t').count({ n: '*' }).first()) as { n: number }).n);
      expect(counts).toEqual([3, 3, 3]);
      await db('t').insert({ a: 4 });
      expect(await db('t').where({ a: 4 }).first()).toEqual({ a: 4 });
      await expect(db.transaction(async (trx) => { await trx('t').insert({ a: 5 }); throw new Error('roll back'); })).rejects.toThrow('roll back');
      expect(await db('t').where({ a: 5 }).first()).toBeUndefined();
    } finally {
      await db.destroy();
    }
  });
});
