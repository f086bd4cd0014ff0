import type { Knex } from 'knex';

/**
 * Issue 10: second factors. One TOTP factor per user (its secret encrypted under the KEK, pending
 * until `confirmed_at`, with the last accepted time step so each code is used once, RFC 6238 §5.2)
 * and a set of recovery codes (HMAC-SHA-256 only). Both go with the user (ON DELETE CASCADE).
 * Additive only: two new tables.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('totp_factors', (t) => {
    t.string('user_id', 36).primary().references('id').inTable('users').onDelete('CASCADE');
    t.text('secret_encrypted').notNullable();
    t.bigInteger('confirmed_at').nullable();
    t.bigInteger('last_used_step').nullable();
    t.bigInteger('created_at').notNullable();
  });
  await knex.schema.createTable('recovery_codes', (t) => {
    t.string('user_id', 36).notNullable().references('id').inTable('users').onDelete('CASCADE');
    t.string('code_hmac', 64).notNullable();
    t.bigInteger('used_at').nullable();
    t.bigInteger('created_at').notNullable();
    t.primary(['user_id', 'code_hmac']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTableIfExists('recovery_codes');
  await knex.schema.dropTableIfExists('totp_factors');
}
