import type { Knex } from 'knex';
import { toBoolean, toEpoch, toEpochOrNull } from './json-columns.js';
import type { UserRecord } from '../domain/records.js';

/** Storage of users. */
export interface UserStore {
  findById(id: string): Promise<UserRecord | undefined>;
  /**
   * Reads the user with a shared lock held to the end of the caller's transaction (`LOCK IN SHARE
   * MODE` on MySQL, `FOR SHARE` on PostgreSQL; SQLite's one writer already serialises). An account change (disable, password
   * reset) that commits meanwhile either waits for that transaction or is what this read sees.
   */
  findByIdForShare(id: string): Promise<UserRecord | undefined>;
  findByUsername(username: string): Promise<UserRecord | undefined>;
  insert(user: UserRecord): Promise<void>;
  list(): Promise<UserRecord[]>;
  setPasswordHash(id: string, passwordHash: string, now: number): Promise<void>;
  setDisabled(id: string, disabledAt: number | null, now: number): Promise<boolean>;
  setEmailVerified(id: string, verified: boolean, now: number): Promise<void>;
  /** Removes the user and, by cascade, the user's sessions, consents, codes and grants; false when there was none. */
  delete(id: string): Promise<boolean>;
}

function toUser(row: Record<string, unknown>): UserRecord {
  return {
    id: String(row.id),
    username: String(row.username),
    passwordHash: String(row.password_hash),
    name: (row.name as string | null) ?? null,
    email: (row.email as string | null) ?? null,
    emailVerified: toBoolean(row.email_verified),
    disabledAt: toEpochOrNull(row.disabled_at),
    createdAt: toEpoch(row.created_at),
    updatedAt: toEpoch(row.updated_at),
  };
}

export function knexUserStore(db: Knex): UserStore {
  return {
    async findById(id) {
      const row = await db('users').where({ id }).first();
      return row ? toUser(row) : undefined;
    },
    async findByIdForShare(id) {
      const row = await db('users').where({ id }).forShare().first();
      return row ? toUser(row) : undefined;
    },
    async findByUsername(username) {
      const row = await db('users').where({ username }).first();
      return row ? toUser(row) : undefined;
    },
    async insert(user) {
      await db('users').insert({
        id: user.id,
        username: user.username,
        password_hash: user.passwordHash,
        name: user.name,
        email: user.email,
        email_verified: user.emailVerified,
        disabled_at: user.disabledAt,
        created_at: user.createdAt,
        updated_at: user.updatedAt,
      });
    },
    async list() {
      const rows = await db('users').select('*').orderBy('created_at');
      return rows.map(toUser);
    },
    async setPasswordHash(id, passwordHash, now) {
      await db('users').where({ id }).update({ password_hash: passwordHash, updated_at: now });
    },
    async setEmailVerified(id, verified, now) {
      await db('users').where({ id }).update({ email_verified: verified, updated_at: now });
    },
    async delete(id) {
      return (await db('users').where({ id }).delete()) > 0;
    },
    async setDisabled(id, disabledAt, now) {
      const count = await db('users').where({ id }).update({ disabled_at: disabledAt, updated_at: now });
      return count > 0;
    },
  };
}
