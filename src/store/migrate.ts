import type { Knex } from 'knex';
import { migrationSource, migrations } from '../../db/migrations/index.js';

/** Applies every pending migration; returns the names applied. */
export async function migrateToLatest(db: Knex): Promise<string[]> {
  const [, applied] = (await db.migrate.latest({ migrationSource })) as [number, string[]];
  return applied;
}

/** Names of migrations the code knows that the database has not applied yet. */
export async function pendingMigrations(db: Knex): Promise<string[]> {
  const hasTable = await db.schema.hasTable('knex_migrations');
  if (!hasTable) return migrations.map(([name]) => name);
  const rows: { name: string }[] = await db('knex_migrations').select('name');
  const done = new Set(rows.map((r) => r.name));
  return migrations.map(([name]) => name).filter((name) => !done.has(name));
}

/**
 * The one schema rule of every entry point: `check` refuses a database with pending migrations
 * (production: an operator runs `latchkey migrate`), `apply` applies them. Returns the names applied.
 */
export async function ensureSchema(db: Knex, mode: 'check' | 'apply'): Promise<string[]> {
  if (mode === 'apply') return migrateToLatest(db);
  const pending = await pendingMigrations(db);
  if (pending.length) throw new Error(`the database schema is older than this code (${pending.join(', ')} pending): run \`latchkey migrate\``);
  return [];
}
