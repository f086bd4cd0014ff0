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
