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
  createdAt: number;
  updatedAt: number;
}

/** A scope the server knows. */
export interface ScopeRecord {
  name: string;
  description: string;
  createdAt: number;
}

/** One user grant to one client; every refresh token of a chain belongs to it. */
export interface RefreshFamilyRecord {
  id: string;
  clientId: string;
  userId: string;
  scopes: string[];
  createdAt: number;
  expiresAt: number;
  revokedAt: number | null;
  revokedReason: string | null;
}

/** One refresh token of a family, known by its hash only. */
export interface RefreshTokenRecord {
  tokenHash: string;
  familyId: string;
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
}
