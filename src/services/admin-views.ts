import type { AdminAuditEvent, AdminClient, AdminClientWithSecret, AdminScope, AdminSigningKey, AdminUser, SecondFactorSummary } from '../../generated/types.gen.js';
import type { ClientRecord, ScopeRecord, UserRecord } from '../domain/records.js';
import type { StoredAuditEvent } from '../store/audit-events.js';
import { registeredGrantTypes } from './clients.js';
import type { SigningKeyInfo } from './key-rotation.js';
import type { FactorSummary } from './second-factors.js';

const seconds = (epochMs: number): number => Math.floor(epochMs / 1000);
const iso = (epochMs: number): string => new Date(epochMs).toISOString();

/**
 * A client in RFC 7591 §2 / §3.2.1 metadata names, as `latchkey ... --json` and the admin API show it;
 * never a secret (the one-time secret is added by the caller that just issued it).
 */
export function clientView(client: ClientRecord): AdminClient {
  return {
    client_id: client.clientId,
    client_name: client.clientName,
    // Clients registered before `implicit` was stored with the implicit flow show it too (RFC 7591 §2.1).
    grant_types: registeredGrantTypes(client.grantTypes, client.implicitAllowed),
    response_types: [...(client.grantTypes.includes('authorization_code') ? ['code'] : []), ...(client.implicitAllowed ? ['token', 'id_token token'] : [])],
    redirect_uris: client.redirectUris,
    post_logout_redirect_uris: client.postLogoutRedirectUris,
    ...(client.clientUri ? { client_uri: client.clientUri } : {}),
    scope: client.scopes.join(' '),
    id_token_signed_response_alg: client.idTokenSignedResponseAlg,
    allowed_origins: client.allowedOrigins,
    pkce_required: client.pkceRequired || client.tokenEndpointAuthMethod === 'none',
    token_endpoint_auth_method: client.tokenEndpointAuthMethod,
    first_party: client.firstParty,
    resource_server: client.resourceServer,
    admin: client.admin,
    require_mfa: client.requireMfa,
    ...(client.defaultResource === null ? {} : { default_resource: client.defaultResource }),
    client_id_issued_at: seconds(client.createdAt),
  };
}

/**
 * A client with the secret just issued (none for a public client), the only time it is shown; after a
 * rotation, until when the old secret works (null: it stopped at once).
 */
export function clientWithSecretView(client: ClientRecord, clientSecret: string | undefined, rotated = false): AdminClientWithSecret {
  const { client_id: clientId, ...view } = clientView(client);
  const previous = rotated ? { previous_secret_expires_at: client.previousSecretExpiresAt === null ? null : seconds(client.previousSecretExpiresAt) } : {};
  const secret = clientSecret ? { client_secret: clientSecret, client_secret_expires_at: 0 } : {};
  return { client_id: clientId, ...secret, ...view, ...previous };
}

/** A user without its password hash. */
export function userView(user: UserRecord): AdminUser {
  return {
    id: user.id,
    username: user.username,
    name: user.name,
    email: user.email,
    email_verified: user.emailVerified,
    disabled: user.disabledAt !== null,
    created_at: seconds(user.createdAt),
  };
}

/** A user's second factors: kinds and times, never a secret. */
export function secondFactorsView(summary: FactorSummary): SecondFactorSummary {
  const { recoveryCodes } = summary;
  return {
    totp: summary.totp ? { enrolled_at: seconds(summary.totp.enrolledAt) } : null,
    totp_pending: summary.totpPending,
    recovery_codes: { left: recoveryCodes.left, total: recoveryCodes.total, created_at: recoveryCodes.createdAt === null ? null : seconds(recoveryCodes.createdAt) },
    passkeys: summary.passkeys.map((passkey) => ({
      id: passkey.id,
      name: passkey.name,
      synced: passkey.synced,
      backed_up: passkey.backedUp,
      created_at: seconds(passkey.createdAt),
      last_used_at: passkey.lastUsedAt === null ? null : seconds(passkey.lastUsedAt),
    })),
  };
}

export function scopeView(scope: ScopeRecord & { api?: string | undefined }): AdminScope {
  const localized = Object.keys(scope.descriptions).length > 0 ? { descriptions: scope.descriptions } : {};
  return { name: scope.name, description: scope.description, ...localized, ...(scope.api === undefined ? {} : { api: scope.api }), created_at: seconds(scope.createdAt) };
}

/** A signing key's public facts: never its key material. */
export function keyView(key: SigningKeyInfo): AdminSigningKey {
  return { kid: key.kid, alg: key.alg, state: key.state, activates_at: iso(key.activatesAt), created_at: iso(key.createdAt) };
}

export function auditView(event: StoredAuditEvent): AdminAuditEvent {
  return {
    id: event.id,
    at: iso(event.at),
    event: event.event,
    outcome: event.outcome,
    client_id: event.clientId,
    subject: event.subject,
    ip: event.ip,
    request_id: event.requestId,
    detail: event.detail,
    actor_client_id: event.actorClientId ?? null,
  };
}
