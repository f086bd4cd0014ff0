import type { Knex } from 'knex';

/**
 * Issue 10: how each sign-in was made travels with it. `sessions.factors` lists the factors and
 * their times (JSON); codes and grants keep the `acr` and `amr` (and grants the `auth_time`) of the
 * sign-in they came from, so that every token of a grant, refreshed or not, says the same (OIDC
 * Core §12.2); `clients.require_mfa` asks every sign-in for that client for a second factor.
 * Additive only: rows written before keep nulls and mean "a password".
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('sessions', (t) => {
    t.text('factors').nullable();
  });
  await knex.schema.alterTable('authorization_codes', (t) => {
    t.string('acr', 64).nullable();
    t.string('amr', 255).nullable();
  });
  await knex.schema.alterTable('refresh_token_families', (t) => {
    t.bigInteger('auth_time').nullable();
    t.string('acr', 64).nullable();
    t.string('amr', 255).nullable();
  });
  await knex.schema.alterTable('clients', (t) => {
    t.boolean('require_mfa').notNullable().defaultTo(false);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('clients', (t) => {
    t.dropColumn('require_mfa');
  });
  await knex.schema.alterTable('refresh_token_families', (t) => {
    t.dropColumn('amr');
    t.dropColumn('acr');
    t.dropColumn('auth_time');
  });
  await knex.schema.alterTable('authorization_codes', (t) => {
    t.dropColumn('amr');
    t.dropColumn('acr');
  });
  await knex.schema.alterTable('sessions', (t) => {
    t.dropColumn('factors');
  });
}
