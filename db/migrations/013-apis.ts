import type { Knex } from 'knex';

/**
 * Issue 12 §1: registered APIs (resource servers) and resource indicators (RFC 8707). An API is
 * known by its identifier, the `aud` of its access tokens, and may have its own access-token
 * lifetime and one resource-server client tied to it. A scope belongs to at most one API
 * (`scopes.api_id`; none: the built-in API, `LATCHKEY_AUDIENCE`). Codes and grants keep the
 * resources the authorization request named, so that a token is issued only for those
 * (RFC 8707 §2.2). The `apis` change counter tells other processes that the catalogue changed.
 * Identifiers compare exactly (RFC 8707 §2 values are matched as sent): `utf8mb4_bin` on MySQL, whose
 * default collation folds case, as SQLite and PostgreSQL already do.
 * A client may name its default API (`clients.default_resource`), for requests and grants that name none.
 * Additive only: rows written before keep nulls and mean "the built-in API".
 */
export async function up(knex: Knex): Promise<void> {
  const mysql = knex.client.config.client === 'mysql2';
  await knex.schema.createTable('apis', (t) => {
    t.string('id', 36).primary();
    const identifier = t.string('identifier', 512).notNullable().unique();
    if (mysql) identifier.collate('utf8mb4_bin');
    t.string('name', 255).notNullable();
    t.integer('access_token_ttl_s').nullable();
    t.string('resource_server_client_id', 64).nullable().unique().references('client_id').inTable('clients').onDelete('SET NULL');
    t.bigInteger('created_at').notNullable();
    t.bigInteger('updated_at').notNullable();
  });
  await knex.schema.alterTable('scopes', (t) => {
    t.string('api_id', 36).nullable().references('id').inTable('apis').onDelete('RESTRICT');
  });
  await knex.schema.alterTable('clients', (t) => {
    t.string('default_resource', 512).nullable();
  });
  await knex.schema.alterTable('authorization_codes', (t) => {
    t.text('resources').nullable();
  });
  await knex.schema.alterTable('refresh_token_families', (t) => {
    t.text('resources').nullable();
  });
  await knex('change_counters').insert({ name: 'apis', version: 0 });
}

export async function down(knex: Knex): Promise<void> {
  await knex('change_counters').where({ name: 'apis' }).delete();
  await knex.schema.alterTable('refresh_token_families', (t) => {
    t.dropColumn('resources');
  });
  await knex.schema.alterTable('authorization_codes', (t) => {
    t.dropColumn('resources');
  });
  await knex.schema.alterTable('clients', (t) => {
    t.dropColumn('default_resource');
  });
  await knex.schema.alterTable('scopes', (t) => {
    t.dropForeign(['api_id']);
    t.dropColumn('api_id');
  });
  await knex.schema.dropTableIfExists('apis');
}
