import type { Knex } from 'knex';

/**
 * Pending sign-ins remember the address that started them, so that one
 * address cannot fill the table (issue 8 §2: a cap per address and in total).
 * Additive only: older code inserts rows without it.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('interactions', (t) => {
    t.string('ip_key', 64).nullable();
    t.index(['ip_key', 'expires_at'], 'interactions_ip_key_idx');
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('interactions', (t) => {
    t.dropIndex(['ip_key', 'expires_at'], 'interactions_ip_key_idx');
    t.dropColumn('ip_key');
  });
}
