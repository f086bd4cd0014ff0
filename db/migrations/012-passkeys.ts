import type { Knex } from 'knex';

/**
 * Issue 10: passkeys (WebAuthn Level 3). A user's credentials, found at sign-in by the SHA-256 of the
 * credential id (ids are up to 1,023 bytes, too long for a portable unique index), with the sign counter
 * the authenticator last reported (0: it keeps none) and the backup flags. One-time challenges live apart,
 * each bound to the interaction or session that asked for it and consumed by one DELETE. Additive only.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('passkeys', (t) => {
    t.string('id', 36).primary();
    t.string('user_id', 36).notNullable().references('id').inTable('users').onDelete('CASCADE');
    t.string('credential_id_hash', 64).notNullable().unique();
    t.text('credential_id').notNullable();
    t.text('public_key').notNullable();
    t.bigInteger('sign_count').notNullable();
    t.string('transports', 200).notNullable();
    t.boolean('backup_eligible').notNullable();
    t.boolean('backed_up').notNullable();
    t.string('aaguid', 36).notNullable();
    t.string('name', 100).notNullable();
    t.bigInteger('created_at').notNullable();
    t.bigInteger('last_used_at').nullable();
    t.index(['user_id']);
  });
  await knex.schema.createTable('webauthn_challenges', (t) => {
    t.string('challenge_hash', 64).primary();
    t.string('bound_to', 64).notNullable();
    t.string('ceremony', 16).notNullable();
    t.string('user_id', 36).nullable();
    t.bigInteger('expires_at').notNullable();
    t.index(['bound_to']);
    t.index(['expires_at']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTableIfExists('webauthn_challenges');
  await knex.schema.dropTableIfExists('passkeys');
}
