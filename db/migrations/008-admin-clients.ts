import type { Knex } from 'knex';

/**
 * Issue 13 §4, the admin API: `clients.admin` marks the clients that may be granted the `admin` scope
 * (client credentials only), and `audit_events.actor_client_id` names the client that made an admin
 * change through the API (null for the CLI and for every other event). Additive only.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('clients', (t) => {
    t.boolean('admin').notNullable().defaultTo(false);
  });
  await knex.schema.alterTable('audit_events', (t) => {
    t.string('actor_client_id', 64).nullable();
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('audit_events', (t) => {
    t.dropColumn('actor_client_id');
  });
  await knex.schema.alterTable('clients', (t) => {
    t.dropColumn('admin');
  });
}
