import type { Knex } from 'knex';

/**
 * A counter per cached table, bumped in the same transaction as every write to it, so that each
 * process can tell within a bounded time that another one changed a client (issue 9: the client
 * cache). One row, `clients`, today. Additive only: a new table.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('change_counters', (t) => {
    t.string('name', 64).primary();
    t.bigInteger('version').notNullable().defaultTo(0);
  });
  await knex('change_counters').insert({ name: 'clients', version: 0 });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTableIfExists('change_counters');
}
