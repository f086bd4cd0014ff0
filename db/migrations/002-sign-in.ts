import type { Knex } from 'knex';

/**
 * Sign-in: client settings for browser flows, sessions, pending authorization
 * requests (interactions), authorization codes and consents. Additive only.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('clients', (t) => {
    t.text('post_logout_redirect_uris').nullable();
    t.text('allowed_origins').nullable();
    t.boolean('pkce_required').notNullable().defaultTo(true);
    t.boolean('implicit_allowed').notNullable().defaultTo(false);
    t.string('id_token_signed_response_alg', 16).notNullable().defaultTo('RS256');
  });

  await knex.schema.createTable('sessions', (t) => {
    t.string('id_hash', 64).primary();
    t.string('user_id', 36).notNullable().references('id').inTable('users').onDelete('CASCADE');
    t.string('csrf_token', 64).notNullable();
    t.bigInteger('auth_time').notNullable();
    t.bigInteger('created_at').notNullable();
    t.bigInteger('expires_at').notNullable();
    t.index(['user_id'], 'sessions_user_idx');
    t.index(['expires_at'], 'sessions_expires_idx');
  });

  await knex.schema.createTable('interactions', (t) => {
    t.string('id_hash', 64).primary();
    t.string('client_id', 64).nullable().references('client_id').inTable('clients').onDelete('CASCADE');
    t.text('request').notNullable();
    t.string('csrf_token', 64).notNullable();
    t.bigInteger('created_at').notNullable();
    t.bigInteger('expires_at').notNullable();
    t.index(['expires_at'], 'interactions_expires_idx');
  });

  await knex.schema.createTable('authorization_codes', (t) => {
    t.string('code_hash', 64).primary();
    t.string('client_id', 64).notNullable().references('client_id').inTable('clients').onDelete('CASCADE');
    t.string('user_id', 36).notNullable().references('id').inTable('users').onDelete('CASCADE');
    t.string('grant_id', 36).notNullable();
    t.text('redirect_uri').notNullable();
    t.boolean('redirect_uri_sent').notNullable();
    t.text('scope').notNullable();
    t.string('code_challenge', 128).nullable();
    t.text('nonce').nullable();
    t.bigInteger('auth_time').notNullable();
    t.bigInteger('created_at').notNullable();
    t.bigInteger('expires_at').notNullable();
    t.bigInteger('consumed_at').nullable();
    t.index(['expires_at'], 'authorization_codes_expires_idx');
  });

  await knex.schema.createTable('consents', (t) => {
    t.string('user_id', 36).notNullable().references('id').inTable('users').onDelete('CASCADE');
    t.string('client_id', 64).notNullable().references('client_id').inTable('clients').onDelete('CASCADE');
    t.text('scope').notNullable();
    t.bigInteger('created_at').notNullable();
    t.bigInteger('updated_at').notNullable();
    t.primary(['user_id', 'client_id']);
    t.index(['client_id'], 'consents_client_idx');
  });

  const now = Date.now();
  await knex('scopes').insert([
    { name: 'openid', description: 'Sign you in with your Latchkey account', created_at: now },
    { name: 'profile', description: 'See your name and username', created_at: now },
    { name: 'email', description: 'See your email address', created_at: now },
    { name: 'offline_access', description: 'Stay connected when you are not using the app', created_at: now },
  ]);
}

export async function down(knex: Knex): Promise<void> {
  await knex('scopes').whereIn('name', ['openid', 'profile', 'email', 'offline_access']).delete();
  for (const table of ['consents', 'authorization_codes', 'interactions', 'sessions']) await knex.schema.dropTableIfExists(table);
  await knex.schema.alterTable('clients', (t) => {
    t.dropColumn('post_logout_redirect_uris');
    t.dropColumn('allowed_origins');
    t.dropColumn('pkce_required');
    t.dropColumn('implicit_allowed');
    t.dropColumn('id_token_signed_response_alg');
  });
}
