import type { Authentication, AuthenticationFactor } from './authentication.js';

/** Client authentication methods (RFC 7591 §2). */
export type TokenEndpointAuthMethod = 'client_secret_basic' | 'client_secret_post' | 'none';

/** A registered user. `passwordHash` is an argon2id PHC string. */
export interface UserRecord {
  id: string;
  username: string;
  passwordHash: string;
  name: string | null;
  email: string | null;
  emailVerified: boolean;
  disabledAt: number | null;
  createdAt: number;
  updatedAt: number;
}

/** A registered client. Secrets are stored as SHA-256 hex only. */
export interface ClientRecord {
  clientId: string;
  clientSecretHash: string | null;
  previousSecretHash: string | null;
  previousSecretExpiresAt: number | null;
  clientName: string;
  tokenEndpointAuthMethod: TokenEndpointAuthMethod;
  grantTypes: string[];
  redirectUris: string[];
  scopes: string[];
  firstParty: boolean;
  resourceServer: boolean;
  /** OpenID Connect RP-Initiated Logout 1.0 §3.1. */
  postLogoutRedirectUris: string[];
  /** The client's home page (RFC 7591 §2 `client_uri`): the consent page shows its host. */
  clientUri: string | null;
  /** Origins allowed to call the token, revocation and userinfo endpoints from a browser (CORS). */
  allowedOrigins: string[];
  /** PKCE required on every authorization request (on unless registered optional; always on for public clients). */
  pkceRequired: boolean;
  /** May use the implicit flow (RFC 6749 §4.2), which RFC 9700 §2.1.2 discourages. */
  implicitAllowed: boolean;
  idTokenSignedResponseAlg: 'RS256' | 'ES256';
  /** May be granted the `admin` scope (client credentials only): a token for the admin API. */
  admin: boolean;
  /** Every sign-in for this client needs a second factor (issue 10); a request may ask for more, never less. */
  requireMfa: boolean;
  /** The API its access tokens are for when neither the request nor the grant names one (RFC 8707); null: the built-in API. */
  defaultResource: string | null;
  createdAt: number;
  updatedAt: number;
}

/** A scope the server knows. */
export interface ScopeRecord {
  name: string;
  /** The default description, shown when there is none in the page's language. */
  description: string;
  /** Descriptions by page locale (`it`), each replacing the default on pages in that language. */
  descriptions: Readonly<Record<string, string>>;
  /** The registered API the scope is for; null: the built-in API (`LATCHKEY_AUDIENCE`). */
  apiId: string | null;
  createdAt: number;
}

/**
 * A registered API, a resource server (issue 12 §1): its identifier is the resource indicator clients
 * name (RFC 8707 §2) and the `aud` of the access tokens issued for it.
 */
export interface ApiRecord {
  id: string;
  /** An absolute URI without a fragment (RFC 8707 §2). */
  identifier: string;
  name: string;
  /** The lifetime of its access tokens in seconds; null: the server's (`LATCHKEY_ACCESS_TOKEN_TTL_S`). */
  accessTokenTtlS: number | null;
  /** The resource-server client tied to it: introspection tells that client of this API's tokens only. */
  resourceServerClientId: string | null;
  createdAt: number;
  updatedAt: number;
}

/**
 * A token-exchange policy (RFC 8693, issue 12 §2): what one client may exchange a user's access token
 * for. Without one, the client exchanges nothing.
 */
export interface ExchangePolicyRecord {
  id: string;
  /** The client that may exchange (the requester). */
  clientId: string;
  /** The client the subject token must have been issued to; null: any. */
  subjectClientId: string | null;
  /** The identifier of the API the new token is for. */
  resource: string;
  /** The most the new token may carry (also within the subject token's scope and the API's scopes). */
  maxScopes: string[];
  /** `delegation`: with the requester's own token as actor, the new token names the chain in `act`; `impersonation`: no actor, no new `act`. */
  mode: 'delegation' | 'impersonation';
  /** The most actors the chain may have, the new one included (RFC 8693 §4.1 nested `act`). */
  maxDepth: number;
  /** The subject token may be for any API; otherwise it must be for the requester's own API. */
  anyAudience: boolean;
  createdAt: number;
}

/**
 * One user grant to one client (a `refresh_token_families` row): every refresh token of a chain
 * belongs to it, and every user access token points to it through `grant_id`.
 */
export interface GrantRecord {
  id: string;
  clientId: string;
  userId: string;
  scopes: string[];
  createdAt: number;
  expiresAt: number;
  revokedAt: number | null;
  revokedReason: string | null;
  /** The sign-in the grant came from; null for grants recorded before issue 10 (a password then). */
  authentication: Authentication | null;
  /** The APIs (resource indicators) the grant was made for (RFC 8707 §2.2); empty: any API of its scopes. */
  resources: string[];
}

/** One refresh token of a grant, known by its hash only. */
export interface RefreshTokenRecord {
  tokenHash: string;
  grantId: string;
  createdAt: number;
  expiresAt: number;
  rotatedAt: number | null;
}

/** A signing key; the private JWK is encrypted under the KEK. */
export interface SigningKeyRecord {
  kid: string;
  alg: 'ES256' | 'RS256';
  publicJwk: string;
  privateJwkEncrypted: string;
  createdAt: number;
  activatesAt: number;
}

/** One audit event. Never holds a secret or a token. */
export interface AuditEventRecord {
  at: number;
  event: string;
  outcome: 'success' | 'failure';
  clientId: string | null;
  subject: string | null;
  ip: string | null;
  requestId: string | null;
  detail: Record<string, unknown> | null;
  /** The client whose admin-API token made this change; null for the CLI and for non-admin events. */
  actorClientId?: string | null;
}

/** A signed-in browser session; the cookie holds the id, the database its hash. */
export interface SessionRecord {
  idHash: string;
  userId: string;
  csrfToken: string;
  /** Epoch ms of the latest factor. */
  authTime: number;
  /** Every factor of the sign-in, with its time (a password alone for sessions from before issue 10). */
  factors: AuthenticationFactor[];
  createdAt: number;
  expiresAt: number;
}

/** A validated authorization request waiting for login or consent, bound to one browser by a cookie. */
export interface InteractionRecord {
  idHash: string;
  /** Null for a sign-in that is not part of an authorization request (the account page). */
  clientId: string | null;
  request: Record<string, unknown>;
  csrfToken: string;
  /** The address that started it, as counted by the rate limits (`ipKey`); null when unknown. */
  ipKey?: string | null;
  createdAt: number;
  expiresAt: number;
}

/** An authorization code, known by its hash, bound to client, redirect URI and PKCE challenge. */
export interface AuthorizationCodeRecord {
  codeHash: string;
  clientId: string;
  userId: string;
  grantId: string;
  redirectUri: string;
  redirectUriSent: boolean;
  scopes: string[];
  codeChallenge: string | null;
  nonce: string | null;
  /** The sign-in the code was issued after. */
  authentication: Authentication;
  /** The `resource` values of the authorization request (RFC 8707 §2.1); empty when none were named. */
  resources: string[];
  createdAt: number;
  expiresAt: number;
  consumedAt: number | null;
}

/** The scopes a user has allowed a client. */
export interface ConsentRecord {
  userId: string;
  clientId: string;
  scopes: string[];
  createdAt: number;
  updatedAt: number;
}

/** The failed sign-ins counted for one account key. */
export interface FailureRecord {
  readonly failures: number;
  readonly lastFailureAt: number;
}
