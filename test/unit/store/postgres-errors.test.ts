import type { Knex } from 'knex';
import { openDatabase } from '../../../src/store/database.js';
import { isDatabaseUnavailable, isUniqueViolation } from '../../../src/store/errors.js';
import { migrateToLatest } from '../../../src/store/migrate.js';
import { retryOnDeadlock } from '../../../src/services/with-retry.js';
import { onPostgres, testDatabaseUrl } from '../../helpers/test-database.js';
import { unique } from '../../cli/run-cli.js';

/** What a query failed with (the real node-postgres error), or undefined when it succeeded. */
const failure = (query: Promise<unknown>): Promise<unknown> => query.then(() => undefined, (error: unknown) => error);

/**
 * PostgreSQL's faults, provoked for real, are classified as MySQL's are: a connection the server ends
 * or a statement it cancels is an outage (503 `temporarily_unavailable`, retry), a duplicate key is a
 * unique violation (e.g. "username already exists"), anything else is neither.
 */
(onPostgres ? describe : describe.skip)('PostgreSQL errors as Latchkey classifies them', () => {
  let db: Knex;
  beforeAll(async () => {
    db = openDatabase(testDatabaseUrl());
    await migrateToLatest(db);
  });
  afterAll(() => db.destroy());

  it('the server ending the connection (57P01 admin shutdown, then "Connection terminated") is an outage, and the pool recovers', async () => {
    const shutdown = await failure(db.raw('select pg_terminate_backend(pg_backend_pid())'));
    expect(shutdown).toMatchObject({ code: '57P01' });
    expect(isDatabaseUnavailable(shutdown)).toBe(true);
    // The pool may hand out the dead connection once more before it sees the end: that is an outage too.
    const next = await failure(db.raw('select 1'));
    if (next !== undefined) expect(isDatabaseUnavailable(next)).toBe(true);
    expect(await failure(db.raw('select 1'))).toBeUndefined();
  });

  it('a statement the server cancels (57014) or a lock it gives up on (55P03) is an outage', async () => {
    const cancelled = await failure(db.transaction(async (trx) => {
      await trx.raw('set local statement_timeout = 10');
      await trx.raw('select pg_sleep(1)');
    }));
    expect(cancelled).toMatchObject({ code: '57014' });
    expect(isDatabaseUnavailable(cancelled)).toBe(true);

    const name = unique('lock');
    await db('latchkey_meta').insert({ name, value: 'x' });
    const lockTimeout = await failure(db.transaction(async (holder) => {
      await holder('latchkey_meta').where({ name }).forUpdate();
      await db.transaction(async (waiter) => {
        await waiter.raw('set local lock_timeout = 10');
        await waiter('latchkey_meta').where({ name }).update({ value: 'y' });
      });
    }));
    expect(lockTimeout).toMatchObject({ code: '55P03' });
    expect(isDatabaseUnavailable(lockTimeout)).toBe(true);
  });

  it('a duplicate key (23505) is a unique violation, not an outage; a wrong query is neither', async () => {
    const name = unique('dup');
    const duplicate = await failure(db('latchkey_meta').insert([{ name, value: 'a' }, { name, value: 'b' }]));
    expect(duplicate).toMatchObject({ code: '23505' });
    expect(isUniqueViolation(duplicate)).toBe(true);
    expect(isDatabaseUnavailable(duplicate)).toBe(false);

    const wrong = await failure(db.raw('select no_such_column from latchkey_meta'));
    expect(wrong).toMatchObject({ code: '42703' });
    expect(isUniqueViolation(wrong)).toBe(false);
    expect(isDatabaseUnavailable(wrong)).toBe(false);
  });

  it('a deadlock victim (40P01) is retried, as MySQL\'s are, and its retry succeeds', async () => {
    const [first, second] = [unique('first'), unique('second')];
    await db('latchkey_meta').insert([{ name: first, value: 'x' }, { name: second, value: 'x' }]);
    let firstLocked!: () => void;
    const firstIsLocked = new Promise<void>((resolve) => (firstLocked = resolve));
    /** Resolves once another backend waits for a row lock: the rival, blocked on `first`. */
    const rivalIsWaiting = async () => {
      for (;;) {
        const { rows } = (await db.raw("select count(*) as n from pg_stat_activity where wait_event_type = 'Lock' and datname = current_database()")) as { rows: { n: number }[] };
        if (Number(rows[0]?.n) > 0) return;
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    };
    const errors: unknown[] = [];
    // The rival already waits when the victim closes the cycle, so the victim's deadlock check (100 ms
    // against the rival's 10 s) finds it, whatever the machine's load: the victim is the one refused.
    const victim = retryOnDeadlock(() =>
      db.transaction(async (trx) => {
        await trx.raw("set local deadlock_timeout = '100ms'");
        await trx('latchkey_meta').where({ name: first }).forUpdate();
        if (errors.length === 0) {
          firstLocked();
          await rivalIsWaiting();
        }
        await trx('latchkey_meta').where({ name: second }).forUpdate();
      }).catch((error: unknown) => {
        errors.push(error);
        throw error;
      }),
    );
    const rival = db.transaction(async (trx) => {
      await trx.raw("set local deadlock_timeout = '10s'");
      await trx('latchkey_meta').where({ name: second }).forUpdate();
      await firstIsLocked;
      await trx('latchkey_meta').where({ name: first }).forUpdate();
    });
    await Promise.all([victim, rival]);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ code: '40P01' });
  });

  it('BIGINT columns and counts come back as numbers', async () => {
    const [row] = (await db('change_counters').where({ name: 'clients' }).select('version')) as { version: unknown }[];
    expect(typeof row?.version).toBe('number');
    const [count] = (await db('latchkey_meta').count({ n: '*' })) as { n: unknown }[];
    expect(typeof count?.n).toBe('number');
  });
});
