import type { Knex } from 'knex';

const account = { name: 'account', description: 'See and revoke the apps you have authorised' };

/**
 * The `account` scope guards the consent-management API (`/account/grants`), so that an app granted
 * `read` or `write` cannot list or revoke the user's other apps (least privilege). A scope of that
 * name created by hand is kept as it is. Additive only.
 */
export async function up(knex: Knex): Promise<void> {
  if (await knex('scopes').where({ name: account.name }).first()) return;
  await knex('scopes').insert({ ...account, created_at: Date.now() });
}

export async function down(knex: Knex): Promise<void> {
  await knex('scopes').where(account).delete();
}
