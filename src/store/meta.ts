import type { Knex } from 'knex';
import { isUniqueViolation } from './errors.js';

/** Small named facts about this installation (e.g. that the demo bootstrap ran). */
export interface MetaStore {
  get(name: string): Promise<string | undefined>;
  /** Inserts once; false when the name already exists. */
  setOnce(name: string, value: string): Promise<boolean>;
  /** Replaces an existing value (KEK rotation). */
  replace(name: string, value: string): Promise<void>;
}

export function knexMetaStore(db: Knex): MetaStore {
  return {
    async get(name) {
      const row = await db('latchkey_meta').where({ name }).first('value');
      return row ? String(row.value) : undefined;
    },
    async setOnce(name, value) {
      try {
        await db('latchkey_meta').insert({ name, value });
        return true;
      } catch (error) {
        if (isUniqueViolation(error)) return false;
        throw error;
      }
    },
    async replace(name, value) {
      await db('latchkey_meta').where({ name }).update({ value });
    },
  };
}
