import type { Knex } from 'knex';

/**
 * Usernames compare bytes on every database. They are stored NFKC-normalised and lower-cased, and
 * looked up in that form, so case-insensitive login keeps working through the normalisation; but
 * MySQL/MariaDB's default collation also folds accents (and case), so `alicé` found `alice`. SQLite
 * already compares bytes (its BINARY collation); on MySQL the column moves to `utf8mb4_bin`. Its
 * trailing-space padding cannot matter: normalised usernames are trimmed and have no spaces.
 * PostgreSQL's equality under any deterministic collation is already byte equality; the column takes
 * the `C` collation there anyway, so that neither the database's default nor a future one can fold.
 *
 * Same type, same length, same NOT NULL: older code reads and writes the column as before, and a
 * unique index that held under the folding collation holds under the binary one.
 */
export async function up(knex: Knex): Promise<void> {
  const client = knex.client.config.client;
  if (client === 'pg') await knex.raw('ALTER TABLE users ALTER COLUMN username TYPE VARCHAR(191) COLLATE "C"');
  if (client !== 'mysql2') return;
  await knex.raw('ALTER TABLE users MODIFY username VARCHAR(191) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NOT NULL');
}

export async function down(knex: Knex): Promise<void> {
  const client = knex.client.config.client;
  if (client === 'pg') await knex.raw('ALTER TABLE users ALTER COLUMN username TYPE VARCHAR(191) COLLATE "default"');
  if (client !== 'mysql2') return;
  // Back to the table's default collation; fails if two usernames differ only in what that collation folds.
  await knex.raw('ALTER TABLE users MODIFY username VARCHAR(191) CHARACTER SET utf8mb4 NOT NULL');
}
