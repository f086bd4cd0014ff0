import { randomBytes } from 'node:crypto';
import type { Knex } from 'knex';
import { knexLoginFailureStore, type LoginFailureStore } from '../../../src/store/login-failures.js';
import { openDatabase } from '../../../src/store/database.js';
import { migrateToLatest } from '../../../src/store/migrate.js';
import { testDatabaseUrl } from '../../helpers/test-database.js';

let db: Knex;
let store: LoginFailureStore;
beforeAll(async () => {
  db = openDatabase(testDatabaseUrl());
  await migrateToLatest(db);
  store = knexLoginFailureStore(db);
});
afterAll(() => db.destroy());

const key = (): string => randomBytes(20).toString('base64url');
/** Times far in the past, so that removals cannot touch rows of other tests on a shared database. */
const t0 = Date.UTC(1971, 0, 1) + Math.floor(Math.random() * 1e9);

describe('login failure store', () => {
  it('counts failures, and restarts from 1 once the last one is at or before the forget line', async () => {
    const k = key();
    expect(await store.find(k)).toBeUndefined();
    expect(await store.add(k, t0, t0 - 1000)).toEqual({ failures: 1, lastFailureAt: t0 });
    expect(await store.add(k, t0 + 10, t0 - 1000)).toEqual({ failures: 2, lastFailureAt: t0 + 10 });
    expect(await store.add(k, t0 + 20, t0 + 10)).toEqual({ failures: 1, lastFailureAt: t0 + 20 });
    expect(await store.find(k)).toEqual({ failures: 1, lastFailureAt: t0 + 20 });
  });

  it('counts every one of many failures sent at once', async () => {
    const k = key();
    await Promise.all(Array.from({ length: 12 }, (_, i) => store.add(k, t0 + i, t0 - 1000)));
    expect((await store.find(k))?.failures).toBe(12);
  });

  it('clear forgets one account and says how many failures it had', async () => {
    const [a, b] = [key(), key()];
    await store.add(a, t0, 0);
    await store.add(a, t0, 0);
    await store.add(b, t0, 0);
    expect(await store.clear(a)).toBe(2);
    expect(await store.clear(a)).toBe(0);
    expect(await store.find(a)).toBeUndefined();
    expect((await store.find(b))?.failures).toBe(1);
  });

  it('removeOlderThan removes old records in bounded batches and keeps newer ones', async () => {
    // Records an earlier run on a shared database left behind would count too: remove them first.
    while ((await store.removeOlderThan(t0 - 1000, 500)) > 0);
    const old = [key(), key(), key()];
    const recent = key();
    for (const k of old) await store.add(k, t0 - 5000, 0);
    await store.add(recent, t0, 0);
    expect(await store.removeOlderThan(t0 - 1000, 2)).toBe(2);
    expect(await store.removeOlderThan(t0 - 1000, 2)).toBe(1);
    for (const k of old) expect(await store.find(k)).toBeUndefined();
    expect(await store.find(recent)).toBeDefined();
  });
});
