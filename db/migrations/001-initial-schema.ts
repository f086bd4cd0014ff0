import type { Knex } from 'knex';

/**
 * Users, clients, scopes, refresh-token families, the access-token deny list,
 * signing keys, audit events. Times are epoch milliseconds in BIGINT columns and
 * lists are JSON text, so both dialects behave the same.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('users', (t) => {
    t.string('id', 36).primary();
    t.string('username', 191).notNullable().unique();
    t.string('password_hash', 255).notNullable();
    t.string('name', 255).nullable();
    t.string('email', 320).nullable();
    t.boolean('email_verified').notNullable().defaultTo(false);
    t.bigInteger('disabled_at').nullable();
    t.bigInteger('created_at').notNullable();
    t.bigInteger('updated_at').notNullable();
  });

  await knex.schema.createTable('clients', (t) => {
    t.string('client_id', 64).primary();
    t.string('client_secret_hash', 64).nullable();
    t.string('previous_secret_hash', 64).nullable();
    t.bigInteger('previous_secret_expires_at').nullable();
    t.string('client_name', 255).notNullable();
    t.string('token_endpoint_auth_method', 32).notNullable();
    t.text('grant_types').notNullable();
    t.text('redirect_uris').notNullable();
    t.text('scope').notNullable();
    t.boolean('first_party').notNullable().defaultTo(false);
    t.boolean('resource_server').notNullable().defaultTo(false);
    t.bigInteger('created_at').notNullable();
    t.bigInteger('updated_at').notNullable();
  });

  await knex.schema.createTable('scopes', (t) => {
    t.string('name', 128).primary();
    t.text('description').notNullable();
    t.bigInteger('created_at').notNullable();
  });

  await knex.schema.createTable('refresh_token_families', (t) => {
    t.string('id', 36).primary();
    t.string('client_id', 64).notNullable().references('client_id').inTable('clients').onDelete('CASCADE');
    t.string('user_id', 36).notNullable().references('id').inTable('users').onDelete('CASCADE');
    t.text('scope').notNullable();
    t.bigInteger('created_at').notNullable();
    t.bigInteger('expires_at').notNullable();
    t.bigInteger('revoked_at').nullable();
    t.string('revoked_reason', 32).nullable();
    t.index(['user_id'], 'refresh_families_user_idx');
    t.index(['client_id'], 'refresh_families_client_idx');
    t.index(['expires_at'], 'refresh_families_expires_idx');
  });

  await knex.schema.createTable('refresh_tokens', (t) => {
    t.string('token_hash', 64).primary();
    t.string('family_id', 36).notNullable().references('id').inTable('refresh_token_families').onDelete('CASCADE');
    t.bigInteger('created_at').notNullable();
    t.bigInteger('expires_at').notNullable();
    t.bigInteger('rotated_at').nullable();
    t.index(['family_id'], 'refresh_tokens_family_idx');
  });

  await knex.schema.createTable('revoked_access_tokens', (t) => {
    t.string('jti', 64).primary();
    t.string('client_id', 64).notNullable();
    t.bigInteger('expires_at').notNullable();
    t.bigInteger('revoked_at').notNullable();
    t.index(['expires_at'], 'revoked_access_tokens_expires_idx');
  });

  await knex.schema.createTable('signing_keys', (t) => {
    t.string('kid', 64).primary();
    t.string('alg', 16).notNullable();
    t.text('public_jwk').notNullable();
    t.text('private_jwk_encrypted').notNullable();
    t.bigInteger('created_at').notNullable();
    t.bigInteger('activates_at').notNullable();
    t.index(['alg', 'activates_at'], 'signing_keys_alg_activates_idx');
  });

  await knex.schema.createTable('audit_events', (t) => {
    t.bigIncrements('id').primary();
    t.bigInteger('at').notNullable();
    t.string('event', 64).notNullable();
    t.string('outcome', 16).notNullable();
    t.string('client_id', 64).nullable();
    t.string('subject', 64).nullable();
    t.string('ip', 64).nullable();
    t.string('request_id', 64).nullable();
    t.text('detail').nullable();
    t.index(['at'], 'audit_events_at_idx');
    t.index(['event', 'at'], 'audit_events_event_idx');
  });

  await knex.schema.createTable('latchkey_meta', (t) => {
    t.string('name', 64).primary();
    t.text('value').notNullable();
  });

  const now = Date.now();
  await knex('scopes').insert([
    { name: 'read', description: 'Read your data', created_at: now },
    { name: 'write', description: 'Change your data', created_at: now },
  ]);
}

export async function down(knex: Knex): Promise<void> {
  for (const table of [
    'latchkey_meta',
    'audit_events',
    'signing_keys',
    'revoked_access_tokens',
    'refresh_tokens',
    'refresh_token_families',
    'scopes',
    'clients',
    'users',
  ]) {
    await knex.schema.dropTableIfExists(table);
  }
}
