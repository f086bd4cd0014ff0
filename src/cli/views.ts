import type { KeyState } from '../crypto/keystore.js';
import type { ClientRecord, ScopeRecord, SigningKeyRecord, UserRecord } from '../domain/records.js';
import { registeredGrantTypes } from '../services/clients.js';
import { iso } from './output.js';

const seconds = (epochMs: number): number => Math.floor(epochMs / 1000);

/** A client in RFC 7591 §2 / §3.2.1 metadata names; `client_secret` only when one was just issued. */
export function clientView(client: ClientRecord, clientSecret?: string): Record<string, unknown> {
  return {
    client_id: client.clientId,
    ...(clientSecret ? { client_secret: clientSecret, client_secret_expires_at: 0 } : {}),
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
    client_id_issued_at: seconds(client.createdAt),
  };
}

/** A user without its password hash. */
export function userView(user: UserRecord): Record<string, unknown> {
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

export function scopeView(scope: ScopeRecord): Record<string, unknown> {
  const localized = Object.keys(scope.descriptions).length > 0 ? { descriptions: scope.descriptions } : {};
  return { name: scope.name, description: scope.description, ...localized, created_at: seconds(scope.createdAt) };
}

/** A signing key's public facts: never its key material. */
export function keyView(key: SigningKeyRecord, state: KeyState): Record<string, unknown> {
  return { kid: key.kid, alg: key.alg, state, activates_at: iso(key.activatesAt), created_at: iso(key.createdAt) };
}

/** Human-readable lines for one user. */
export function userLines(user: UserRecord): string[] {
  return [
    `id:             ${user.id}`,
    `username:       ${user.username}`,
    `name:           ${user.name ?? ''}`,
    `email:          ${user.email ?? ''}`,
    `email_verified: ${user.emailVerified}`,
    `status:         ${user.disabledAt === null ? 'active' : `disabled since ${iso(user.disabledAt)}`}`,
    `created:        ${iso(user.createdAt)}`,
    `updated:        ${iso(user.updatedAt)}`,
  ].map((line) => line.trimEnd());
}

/** Human-readable lines for one client: every field of {@link clientView}, times as dates. */
export function clientLines(client: ClientRecord): string[] {
  const fields = { ...clientView(client), client_id_issued_at: iso(client.createdAt), updated_at: iso(client.updatedAt) };
  const width = Math.max(...Object.keys(fields).map((name) => name.length)) + 2;
  return Object.entries(fields).map(([name, value]) => `${`${name}:`.padEnd(width)}${Array.isArray(value) ? value.join(' ') : String(value)}`.trimEnd());
}
