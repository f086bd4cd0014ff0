import type { OperationRegistry } from '../http/operation.js';
import type { Latchkey } from '../latchkey.js';
import { getAccount, listAccountGrants, postAccountRevoke, revokeAccountGrant } from './account.js';
import { getAccountTotp, postAccountRecoveryCodes, postAccountTotp, postAccountTotpConfirm, postAccountTotpRemove } from './account-factors.js';
import { authorize, type AuthorizeDependencies } from './authorize.js';
import { getConsent, postConsent } from './consent.js';
import { corsPreflight } from './cors-preflight.js';
import { getAuthorizationServerMetadata } from './get-authorization-server-metadata.js';
import { getCurrentUser } from './get-current-user.js';
import { getData } from './get-data.js';
import { getSensitiveData } from './get-sensitive-data.js';
import { getJwks } from './get-jwks.js';
import { getLogin, postLogin, postLoginPasskey } from './login.js';
import { getAccountPasskeyNew, postAccountPasskeyRemove, postAccountPasskeyRename, postAccountPasskeys } from './account-passkeys.js';
import { getPasskeyScript } from './passkey-script.js';
import { getLoginSecondFactor, postLoginSecondFactor } from './login-second-factor.js';
import { logout } from './logout.js';
import { postIntrospect } from './post-introspect.js';
import { postRevoke } from './post-revoke.js';
import { postToken } from './post-token.js';
import { userinfo } from './userinfo.js';
import { getHealth, getReadiness } from './health.js';
import { getHome } from './home.js';
import { getBrandLogo } from './brand-logo.js';
import { getMetrics } from './metrics.js';
import { createAdminClient, deleteAdminClient, getAdminClient, listAdminClients, rotateAdminClientSecret, updateAdminClient } from './admin-clients.js';
import { createAdminUser, deleteAdminUser, disableAdminUser, enableAdminUser, getAdminUser, listAdminUsers, setAdminUserPassword } from './admin-users.js';
import { createAdminScope, deleteAdminScope, listAdminScopes, updateAdminScope } from './admin-scopes.js';
import { listAdminAuditEvents, listAdminKeys, rotateAdminKeys } from './admin-audit-keys.js';

/** What GET and POST /authorize need. */
function authorizeDependencies(lk: Latchkey): AuthorizeDependencies {
  return { flow: lk.flow, clients: lk.storage.clients, scopes: lk.storage.scopes, apis: lk.apiCatalogue, sessions: lk.sessions, issuer: lk.config.issuer, brand: lk.brand };
}

/** The handler of every operationId in openapi.yaml. */
export function operationRegistry(lk: Latchkey): OperationRegistry {
  const { config, storage } = lk;
  const clientAuth = { clients: storage.clients, auditor: lk.auditor, now: lk.now };
  const maxAgeS = config.jwksMaxAgeS;
  const metadata = getAuthorizationServerMetadata({
    issuer: config.issuer,
    grantTypes: [...lk.grants.keys()],
    scopes: storage.scopes,
    maxAgeS,
    ...(config.docs ? { serviceDocumentation: `${config.issuer}/docs` } : {}),
  });
  const authorizeDeps = authorizeDependencies(lk);
  const loginDeps = {
    flow: lk.flow,
    interactions: lk.interactions,
    sessions: lk.sessions,
    now: lk.now,
    signIns: lk.signIns,
    clients: storage.clients,
    auditor: lk.auditor,
    interactionTtlS: config.interactionTtlS,
    sessionTtlS: config.sessionTtlS,
    brand: lk.brand,
    users: storage.users,
    secondFactors: lk.secondFactors,
    passkeySignIns: lk.guardedSecondFactor,
  };
  const secondFactorDeps = { ...loginDeps, guard: lk.guardedSecondFactor };
  const consentDeps = { flow: lk.flow, interactions: lk.interactions, sessions: lk.sessions, consents: lk.consents, stores: storage, auditor: lk.auditor, brand: lk.brand, interactionTtlS: config.interactionTtlS };
  const logoutDeps = { keystore: lk.keystore, clients: storage.clients, sessions: lk.sessions, auditor: lk.auditor, issuer: config.issuer, brand: lk.brand };
  const accountDeps = { sessions: lk.sessions, consents: lk.consents, stores: storage, auditor: lk.auditor, brand: lk.brand, secondFactors: lk.secondFactors };
  const factorDeps = {
    sessions: lk.sessions,
    interactions: lk.interactions,
    secondFactors: lk.secondFactors,
    users: storage.users,
    brand: lk.brand,
    now: lk.now,
    freshSignInS: config.freshSignInS,
    interactionTtlS: config.interactionTtlS,
  };
  const cors = { clients: storage.clients };
  return {
    getAuthorizationServerMetadata: metadata,
    getOpenidConfiguration: metadata,
    getJwks: getJwks({ keystore: lk.keystore, maxAgeS }),
    postToken: postToken({ grants: lk.grants, ...clientAuth }),
    postRevoke: postRevoke({ revokeToken: lk.revokeToken, ...clientAuth }),
    postIntrospect: postIntrospect({ introspect: lk.introspect, ...clientAuth }),
    getAuthorize: authorize(authorizeDeps, 'query'),
    postAuthorize: authorize(authorizeDeps, 'body'),
    getLogin: getLogin(loginDeps),
    postLogin: postLogin(loginDeps),
    getLoginSecondFactor: getLoginSecondFactor(secondFactorDeps),
    postLoginSecondFactor: postLoginSecondFactor(secondFactorDeps),
    postLoginPasskey: postLoginPasskey(loginDeps),
    getPasskeyScript: getPasskeyScript(),
    getConsent: getConsent(consentDeps),
    postConsent: postConsent(consentDeps),
    getLogout: logout(logoutDeps, 'query'),
    postLogout: logout(logoutDeps, 'body'),
    getAccount: getAccount(accountDeps),
    postAccountRevoke: postAccountRevoke(accountDeps),
    getAccountTotp: getAccountTotp(factorDeps),
    postAccountTotp: postAccountTotp(factorDeps),
    postAccountTotpConfirm: postAccountTotpConfirm(factorDeps),
    postAccountTotpRemove: postAccountTotpRemove(factorDeps),
    postAccountRecoveryCodes: postAccountRecoveryCodes(factorDeps),
    getAccountPasskeyNew: getAccountPasskeyNew(factorDeps),
    postAccountPasskeys: postAccountPasskeys(factorDeps),
    postAccountPasskeyRename: postAccountPasskeyRename(factorDeps),
    postAccountPasskeyRemove: postAccountPasskeyRemove(factorDeps),
    listAccountGrants: listAccountGrants(accountDeps),
    revokeAccountGrant: revokeAccountGrant(accountDeps),
    getUserinfo: userinfo({ users: storage.users }),
    postUserinfo: userinfo({ users: storage.users }),
    getCurrentUser: getCurrentUser({ users: storage.users }),
    getData: getData(),
    getSensitiveData: getSensitiveData(),
    optionsAuthorizationServerMetadata: corsPreflight('any-origin', cors),
    optionsOpenidConfiguration: corsPreflight('any-origin', cors),
    optionsJwks: corsPreflight('any-origin', cors),
    optionsToken: corsPreflight('registered-origins', cors),
    optionsRevoke: corsPreflight('registered-origins', cors),
    optionsUserinfo: corsPreflight('registered-origins', cors),
    getHome: getHome({ docs: config.docs, brand: lk.brand }),
    getBrandLogo: getBrandLogo({ logo: config.brand.logo }),
    getHealth: getHealth(),
    getReadiness: getReadiness({ pingDatabase: () => lk.storage.ping(), keystore: lk.keystore }),
    getMetrics: getMetrics({ metrics: lk.metrics, mode: config.metrics, token: config.metricsToken }),
    listAdminClients: listAdminClients(lk),
    createAdminClient: createAdminClient(lk),
    getAdminClient: getAdminClient(lk),
    updateAdminClient: updateAdminClient(lk),
    deleteAdminClient: deleteAdminClient(lk),
    rotateAdminClientSecret: rotateAdminClientSecret(lk),
    listAdminUsers: listAdminUsers(lk),
    createAdminUser: createAdminUser(lk),
    getAdminUser: getAdminUser(lk),
    deleteAdminUser: deleteAdminUser(lk),
    disableAdminUser: disableAdminUser(lk),
    enableAdminUser: enableAdminUser(lk),
    setAdminUserPassword: setAdminUserPassword(lk),
    listAdminScopes: listAdminScopes(lk),
    createAdminScope: createAdminScope(lk),
    updateAdminScope: updateAdminScope(lk),
    deleteAdminScope: deleteAdminScope(lk),
    listAdminAuditEvents: listAdminAuditEvents(lk),
    listAdminKeys: listAdminKeys(lk),
    rotateAdminKeys: rotateAdminKeys(lk),
  };
}
