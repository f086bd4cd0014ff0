import type { Knex } from 'knex';
import * as initialSchema from './001-initial-schema.js';
import * as signIn from './002-sign-in.js';
import * as loginFailures from './003-login-failures.js';
import * as accountScope from './004-account-scope.js';
import * as usernameBinaryCollation from './005-username-binary-collation.js';
import * as interactionAddresses from './006-interaction-addresses.js';
import * as changeCounters from './007-change-counters.js';
import * as adminClients from './008-admin-clients.js';
import * as clientUriScopeLocales from './009-client-uri-scope-locales.js';
import * as authenticationContext from './010-authentication-context.js';
import * as secondFactors from './011-second-factors.js';
import * as passkeys from './012-passkeys.js';
import * as apis from './013-apis.js';
import * as exchangePolicies from './014-exchange-policies.js';

interface Migration {
  up(knex: Knex): Promise<void>;
  down(knex: Knex): Promise<void>;
}

/** Every migration in order. Knex reads them from here, not from disk, so tsx, jest and compiled code behave the same. */
export const migrations: ReadonlyArray<readonly [string, Migration]> = [
  ['001-initial-schema', initialSchema],
  ['002-sign-in', signIn],
  ['003-login-failures', loginFailures],
  ['004-account-scope', accountScope],
  ['005-username-binary-collation', usernameBinaryCollation],
  ['006-interaction-addresses', interactionAddresses],
  ['007-change-counters', changeCounters],
  ['008-admin-clients', adminClients],
  ['009-client-uri-scope-locales', clientUriScopeLocales],
  ['010-authentication-context', authenticationContext],
  ['011-second-factors', secondFactors],
  ['012-passkeys', passkeys],
  ['013-apis', apis],
  ['014-exchange-policies', exchangePolicies],
];

/** The Knex migration source built from {@link migrations}. */
export const migrationSource: Knex.MigrationSource<readonly [string, Migration]> = {
  getMigrations: async () => [...migrations],
  getMigrationName: ([name]) => name,
  getMigration: async ([, migration]) => migration,
};
