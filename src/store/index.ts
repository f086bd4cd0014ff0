import type { Knex } from 'knex';
import { type ApiStore, knexApiStore } from './apis.js';
import { type ExchangePolicyStore, knexExchangePolicyStore } from './exchange-policies.js';
import { type AuditEventStore, knexAuditEventStore } from './audit-events.js';
import { type AuthorizationCodeStore, knexAuthorizationCodeStore } from './authorization-codes.js';
import { cachedClientStore } from './client-cache.js';
import { type ClientStore, knexClientStore } from './clients.js';
import { type ConsentStore, knexConsentStore } from './consents.js';
import { type InteractionStore, knexInteractionStore } from './interactions.js';
import { knexMetaStore, type MetaStore } from './meta.js';
import { knexRefreshTokenStore, type RefreshTokenStore } from './refresh-tokens.js';
import { knexPasskeyStore, type PasskeyStore } from './passkeys.js';
import { knexSecondFactorStore, type SecondFactorStore } from './second-factors.js';
import { knexWebAuthnChallengeStore, type WebAuthnChallengeStore } from './webauthn-challenges.js';
import { knexRevokedAccessTokenStore, type RevokedAccessTokenStore } from './revoked-access-tokens.js';
import { knexScopeStore, type ScopeStore } from './scopes.js';
import { knexSessionStore, type SessionStore } from './sessions.js';
import { knexSigningKeyStore, type SigningKeyStore } from './signing-keys.js';
import { knexUserStore, type UserStore } from './users.js';

export type * from '../domain/records.js';
export type { ApiStore, ExchangePolicyStore, AuditEventStore, AuthorizationCodeStore, ConsentStore, InteractionStore, SessionStore, ClientStore, MetaStore, RefreshTokenStore, RevokedAccessTokenStore, ScopeStore, SecondFactorStore, SigningKeyStore, UserStore, PasskeyStore, WebAuthnChallengeStore };

/** Every repository, bound to one connection or transaction. */
export interface Stores {
  users: UserStore;
  clients: ClientStore;
  scopes: ScopeStore;
  apis: ApiStore;
  exchangePolicies: ExchangePolicyStore;
  refreshTokens: RefreshTokenStore;
  revokedAccessTokens: RevokedAccessTokenStore;
  signingKeys: SigningKeyStore;
  auditEvents: AuditEventStore;
  meta: MetaStore;
  sessions: SessionStore;
  interactions: InteractionStore;
  authorizationCodes: AuthorizationCodeStore;
  consents: ConsentStore;
  secondFactors: SecondFactorStore;
  passkeys: PasskeyStore;
  webAuthnChallenges: WebAuthnChallengeStore;
}

/** The repositories plus a way to run several writes as one transaction. */
export interface Storage extends Stores {
  transaction<T>(work: (stores: Stores) => Promise<T>): Promise<T>;
  /** One round trip to the database (readiness checks). */
  ping(): Promise<void>;
}

function bindStores(db: Knex): Stores {
  return {
    users: knexUserStore(db),
    clients: knexClientStore(db),
    scopes: knexScopeStore(db),
    apis: knexApiStore(db),
    exchangePolicies: knexExchangePolicyStore(db),
    refreshTokens: knexRefreshTokenStore(db),
    revokedAccessTokens: knexRevokedAccessTokenStore(db),
    signingKeys: knexSigningKeyStore(db),
    auditEvents: knexAuditEventStore(db),
    meta: knexMetaStore(db),
    sessions: knexSessionStore(db),
    interactions: knexInteractionStore(db),
    authorizationCodes: knexAuthorizationCodeStore(db),
    consents: knexConsentStore(db),
    secondFactors: knexSecondFactorStore(db),
    passkeys: knexPasskeyStore(db),
    webAuthnChallenges: knexWebAuthnChallengeStore(db),
  };
}

/** Builds the Knex-backed storage; its `clients` answer from an in-memory cache (see {@link cachedClientStore}). */
export function createStorage(db: Knex): Storage {
  const stores = bindStores(db);
  return {
    ...stores,
    clients: cachedClientStore(stores.clients),
    transaction: (work) => db.transaction((trx) => work(bindStores(trx))),
    ping: async () => void (await db.raw('select 1')),
  };
}
