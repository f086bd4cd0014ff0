import type { Knex } from 'knex';
import type { Logger } from 'pino';
import type { Config } from './config/index.js';
import { Keystore } from './crypto/keystore.js';
import { composeGrants, type TokenGrant } from './grants/index.js';
import { createAccessTokenIssuer, type AccessTokenIssuer } from './services/access-tokens.js';
import { createAccessTokenVerification } from './services/access-token-verification.js';
import { createTokenIssuance } from './services/token-issuance.js';
import type { ResourceServer } from './resource-server/index.js';
import { type Auditor, createAuditor } from './services/audit.js';
import type { BeforeAtomicStep } from './services/atomic-step-hook.js';
import { createAuditWriter, defaultAuditWriterLimits } from './services/audit-writer.js';
import { Clients } from './services/clients.js';
import { createIntrospection } from './services/introspection.js';
import { RefreshTokens } from './services/refresh-tokens.js';
import { createRevocation } from './services/revocation.js';
import { AuthorizationCodes } from './services/authorization-codes.js';
import { BrowserSessions } from './services/browser-sessions.js';
import { Consents } from './services/consents.js';
import { IdTokens } from './services/id-tokens.js';
import { Interactions } from './services/interactions.js';
import { AuthorizeFlow } from './interaction/authorize-flow.js';
import type { Brand } from './interaction/pages/index.js';
import { createStorage, type Storage } from './store/index.js';
import { createMetrics, type Metrics } from './observability/metrics.js';
import { createRateLimits, GuardedSecondFactor, GuardedSignIn, limiterStoreFor, type RateLimits } from './rate-limit/index.js';
import { SecondFactors } from './services/second-factors.js';
import { knexLoginFailureStore } from './store/login-failures.js';
import { Scopes } from './services/scopes.js';
import { Users } from './services/users.js';
import { SigningKeys } from './services/key-rotation.js';
import { AuditTrail } from './services/audit-trail.js';
import { Apis } from './services/apis.js';
import { ExchangePolicies } from './services/exchange-policies.js';
import { type ApiCatalogueSource, cachedApiCatalogue } from './services/api-catalogue.js';

/** Every long-lived part of a running server, composed once from the configuration. */
export interface Latchkey {
  readonly config: Config;
  readonly db: Knex;
  readonly logger: Logger;
  readonly now: () => number;
  readonly storage: Storage;
  readonly keystore: Keystore;
  readonly auditor: Auditor;
  /** Users, with sign-in guarded by the per-address limit and the account lockout. */
  readonly users: Users;
  /** Password checks behind the per-address limit and the account lockout (login page, password grant). */
  readonly signIns: GuardedSignIn;
  /** Users' second factors (TOTP, recovery codes): enrolment, removal, summaries; never secrets out. */
  readonly secondFactors: SecondFactors;
  /** Second-factor checks behind their own per-address limit and account lockout (the sign-in's second step). */
  readonly guardedSecondFactor: GuardedSecondFactor;
  readonly clients: Clients;
  readonly scopes: Scopes;
  /** Registered APIs (resource servers): the audiences of access tokens (CLI). */
  readonly apis: Apis;
  /** The registered APIs as the token paths see them, cached (RFC 8707 resource indicators). */
  readonly apiCatalogue: ApiCatalogueSource;
  /** Token-exchange policies (RFC 8693): what each client may exchange (CLI). */
  readonly exchangePolicies: ExchangePolicies;
  readonly accessTokens: AccessTokenIssuer;
  /** The one access-token verifier (on `now`), with the revocation check, for bearer-protected operations. */
  readonly resourceServer: ResourceServer;
  /** The same verifier for the admin audience, refusing clients no longer admin (the admin API). */
  readonly adminResourceServer: ResourceServer;
  /** Signing keys listed and rotated (CLI and admin API). */
  readonly signingKeys: SigningKeys;
  /** The audit trail, filtered and paged (CLI and admin API). */
  readonly auditTrail: AuditTrail;
  readonly refreshTokens: RefreshTokens;
  readonly grants: ReadonlyMap<string, TokenGrant>;
  readonly revokeToken: ReturnType<typeof createRevocation>;
  readonly introspect: ReturnType<typeof createIntrospection>;
  readonly sessions: BrowserSessions;
  readonly interactions: Interactions;
  readonly consents: Consents;
  readonly idTokens: IdTokens;
  readonly flow: AuthorizeFlow;
  readonly metrics: Metrics;
  /** Request and failure limits; `close()` ends the Redis connection, if any. */
  readonly rateLimits: RateLimits;
  /** How pages look: product name, logo, accent colour, terms and privacy links. */
  readonly brand: Brand;
}

/** Options for {@link composeLatchkey}; `now` lets tests freeze the clock. */
export interface ComposeOptions {
  readonly config: Config;
  readonly db: Knex;
  readonly logger: Logger;
  readonly kek: Buffer;
  readonly now?: () => number;
  /** Tests only: holds single-use redemptions between their check and their atomic step (see {@link BeforeAtomicStep}). */
  readonly beforeAtomicStep?: BeforeAtomicStep;
}

/** The pages' brand from the settings. */
function brandOf(config: Config): Brand {
  const { brand } = config;
  return Object.freeze({
    name: brand.name,
    ...(brand.logo ? { logoPath: '/brand/logo' } : {}),
    ...(brand.accent ? { accent: brand.accent } : {}),
    ...(brand.termsUrl ? { termsUrl: brand.termsUrl } : {}),
    ...(brand.privacyUrl ? { privacyUrl: brand.privacyUrl } : {}),
  });
}

/** Wires storage, keys and services together and loads the signing keys (creating them on first start). */
export async function composeLatchkey(options: ComposeOptions): Promise<Latchkey> {
  const { config, db, logger, kek } = options;
  const now = options.now ?? Date.now;
  const storage = createStorage(db);
  const apiCatalogue = cachedApiCatalogue(storage, { identifier: config.audience, name: config.brand.name, accessTokenTtlS: null });
  // Read before the keys load, so that their retirement knows how long the registered APIs' tokens live.
  await apiCatalogue.current();
  const keystore = new Keystore(storage.signingKeys, {
    kek,
    // A retired key stays published until every token it signed has expired: access tokens (of any API) and ID tokens, plus clock skew.
    retireAfterS: () => Math.max(config.accessTokenTtlS, config.idTokenTtlS, apiCatalogue.longestAccessTokenTtlS()) + 60,
    reloadIntervalS: config.keystoreReloadS,
    now,
  });
  await keystore.ensureKeys();
  const metrics = createMetrics(db);
  const auditWriter = createAuditWriter(storage.auditEvents, logger, {
    flushMs: config.auditFlushMs,
    ...defaultAuditWriterLimits,
    onDropped: (count) => metrics.auditEventsDropped(count),
  });
  metrics.watchAuditBacklog(() => auditWriter.backlog());
  const auditor = createAuditor(auditWriter, logger, now, (event) => {
    if (event.event === 'token.issued') metrics.tokenIssued(String(event.detail?.grant_type ?? 'unknown'));
    if (event.event === 'client.authentication_failed') metrics.clientAuthenticationFailed(event.clientId ?? null, String(event.detail?.reason ?? 'unknown'));
  });
  const rateLimits = createRateLimits(config.rateLimits, limiterStoreFor(config, logger));
  const users = new Users(storage, now, auditor, config.passwordPolicy);
  const loginFailures = knexLoginFailureStore(db);
  const signIns = new GuardedSignIn(users, now, { failures: loginFailures, policy: config.lockout, ipFailures: rateLimits.loginIpFailures, auditor });
  const secondFactors = new SecondFactors({ storage, kek, auditor, now, issuerName: config.brand.name, webauthn: config.webauthn, beforeAtomicStep: options.beforeAtomicStep });
  const guardedSecondFactor = new GuardedSecondFactor(secondFactors, now, { failures: loginFailures, policy: config.lockout, ipFailures: rateLimits.secondFactorIpFailures, auditor });
  const accessTokens = createAccessTokenIssuer({ keystore, issuer: config.issuer, ttlS: config.accessTokenTtlS, now });
  const refreshTokens = new RefreshTokens(
    storage,
    auditor,
    { idleTtlS: config.refreshIdleTtlS, absoluteTtlS: config.refreshAbsoluteTtlS, reuseGraceS: config.refreshReuseGraceS },
    now,
    options.beforeAtomicStep,
  );
  const verification = createAccessTokenVerification({ keystore, issuer: config.issuer, audience: config.audience, adminAudience: config.adminAudience, stores: storage, now });
  const idTokens = new IdTokens({ keystore, issuer: config.issuer, ttlS: config.idTokenTtlS, now });
  const interactions = new Interactions(storage.interactions, config.interactionTtlS, now, config.interactionLimits);
  const consents = new Consents(storage, now);
  const issuance = createTokenIssuance({ accessTokens, idTokens, auditor, apis: apiCatalogue, adminAudience: config.adminAudience });
  const codes = new AuthorizationCodes({ storage, refreshTokens, auditor, ttlS: config.authorizationCodeTtlS, now, beforeAtomicStep: options.beforeAtomicStep });
  const flow = new AuthorizeFlow({
    interactions,
    consents,
    codes,
    refreshTokens,
    issuance,
    issuer: config.issuer,
    interactionTtlS: config.interactionTtlS,
    secondFactors,
    mfaRequired: config.mfa === 'required',
    now,
  });
  return {
    config,
    db,
    logger,
    now,
    storage,
    keystore,
    auditor,
    users,
    signIns,
    secondFactors,
    guardedSecondFactor,
    clients: new Clients(storage, now, auditor),
    scopes: new Scopes(storage, now, auditor),
    apis: new Apis({ storage, now, auditor, reservedIdentifiers: [config.audience, config.adminAudience], changed: () => apiCatalogue.invalidate() }),
    apiCatalogue,
    exchangePolicies: new ExchangePolicies({ storage, now, auditor, builtInApi: config.audience }),
    accessTokens,
    resourceServer: verification.resourceServer,
    adminResourceServer: verification.adminResourceServer,
    signingKeys: new SigningKeys({ store: storage.signingKeys, kek, jwksMaxAgeS: config.jwksMaxAgeS, keystoreReloadS: config.keystoreReloadS, auditor, now }),
    auditTrail: new AuditTrail({ events: storage.auditEvents, users }),
    refreshTokens,
    grants: composeGrants({ storage, signIns, codes, refreshTokens, issuance, auditor, now, secondFactors, users, mfaRequired: config.mfa === 'required', verifyAccessToken: verification.verifyLocally }),
    revokeToken: createRevocation({ storage, auditor, verifyAccessToken: verification.verifyLocally, now }),
    introspect: createIntrospection({ stores: storage, verifyAccessToken: verification.verifyLocally, issuer: config.issuer, adminAudience: config.adminAudience, apis: apiCatalogue, now }),
    sessions: new BrowserSessions(storage, config.sessionTtlS, now),
    interactions,
    consents,
    idTokens,
    flow,
    metrics,
    rateLimits,
    brand: brandOf(config),
  };
}
