import type { Knex } from 'knex';

/**
 * Account lockout: failed sign-ins per username, shared by every process that
 * uses the database. The key is the SHA-256 of the normalised username, so a
 * password typed into the username field is never stored. Additive only.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('login_failures', (t) => {
    t.string('account_key', 64).primary();
    t.integer('failures').notNullable();
    t.bigInteger('last_failure_at').notNullable();
    t.index(['last_failure_at'], 'login_failures_last_idx');
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTableIfExists('login_failures');
}
