import type { Knex } from 'knex';
import type { FailureRecord } from '../domain/records.js';

/** Failed sign-ins per account key, in the database so that every process sees them. */
export interface LoginFailureStore {
  find(accountKey: string): Promise<FailureRecord | undefined>;
  /** Counts one failure atomically, starting again from 1 when the last one is at or before `forgetBefore`. */
  add(accountKey: string, now: number, forgetBefore: number): Promise<FailureRecord>;
  /** Forgets the account's failures; resolves how many it had. */
  clear(accountKey: string): Promise<number>;
  /** Removes up to `limit` records whose last failure is older than `before`; resolves how many. */
  removeOlderThan(before: number, limit: number): Promise<number>;
}

const table = 'login_failures';

function toRecord(row: { failures: unknown; last_failure_at: unknown }): FailureRecord {
  return { failures: Number(row.failures), lastFailureAt: Number(row.last_failure_at) };
}

export function knexLoginFailureStore(db: Knex): LoginFailureStore {
  return {
    async find(accountKey) {
      const row = await db(table).where({ account_key: accountKey }).first();
      return row ? toRecord(row) : undefined;
    },
    async add(accountKey, now, forgetBefore) {
      // One upsert on both dialects; `failures` is assigned before `last_failure_at`,
      // so MySQL (which applies the assignments in order) still compares the old time.
      await db(table)
        .insert({ account_key: accountKey, failures: 1, last_failure_at: now })
        .onConflict('account_key')
        .merge({
          failures: db.raw('CASE WHEN ?? > ? THEN ?? + 1 ELSE 1 END', [`${table}.last_failure_at`, forgetBefore, `${table}.failures`]),
          last_failure_at: now,
        });
      const row = await db(table).where({ account_key: accountKey }).first();
      return row ? toRecord(row) : { failures: 1, lastFailureAt: now };
    },
    async clear(accountKey) {
      const row = await db(table).where({ account_key: accountKey }).first();
      await db(table).where({ account_key: accountKey }).delete();
      return row ? Number(row.failures) : 0;
    },
    async removeOlderThan(before, limit) {
      const rows: { account_key: string }[] = await db(table).select('account_key').where('last_failure_at', '<', before).limit(limit);
      if (rows.length === 0) return 0;
      return db(table)
        .whereIn(
          'account_key',
          rows.map((r) => r.account_key),
        )
        .andWhere('last_failure_at', '<', before)
        .delete();
    },
  };
}
