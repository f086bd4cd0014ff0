import type { Knex } from 'knex';

/**
 * Issue 13 §2: a client's home page (`client_uri`, RFC 7591 §2), shown by host on the consent page,
 * and scope descriptions per page language (a JSON object of locale to text; the `description`
 * column stays the default). Additive only: two nullable columns.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('clients', (t) => {
    t.string('client_uri', 2048).nullable();
  });
  await knex.schema.alterTable('scopes', (t) => {
    t.text('descriptions').nullable();
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('scopes', (t) => {
    t.dropColumn('descriptions');
  });
  await knex.schema.alterTable('clients', (t) => {
    t.dropColumn('client_uri');
  });
}
