import type { Knex } from 'knex';

/**
 * Issue 12 §2: token exchange (RFC 8693) policies. A row lets one client (the requester) exchange a
 * user's access token for a token for one API: from which client the subject token may come (null: any),
 * the most scope the new token may carry, delegation (an `act` chain of at most `max_depth` actors) or
 * impersonation, and whether the subject token may be meant for another API than the requester's. No
 * row, no exchange. Rows go with their requester client (ON DELETE CASCADE). Additive only: a new table.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('exchange_policies', (t) => {
    t.string('id', 36).primary();
    t.string('client_id', 64).notNullable().references('client_id').inTable('clients').onDelete('CASCADE');
    t.string('subject_client_id', 64).nullable();
    t.string('resource', 512).notNullable();
    t.text('max_scope').notNullable();
    t.string('mode', 16).notNullable();
    t.integer('max_depth').notNullable();
    t.boolean('any_audience').notNullable().defaultTo(false);
    t.bigInteger('created_at').notNullable();
    t.index(['client_id'], 'exchange_policies_client_idx');
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTableIfExists('exchange_policies');
}
