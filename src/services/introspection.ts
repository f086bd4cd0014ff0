import type { AccessTokenVerifier } from '../resource-server/verify-access-token.js';
import type { Stores } from '../store/index.js';
import type { ClientRecord } from '../domain/records.js';
import { lookUpToken } from './token-lookup.js';
import type { ApiCatalogueSource } from './api-catalogue.js';
import type { ActorClaim } from '../crypto/access-token-jwt.js';

/** An RFC 7662 §2.2 response. */
export interface IntrospectionResult {
  active: boolean;
  scope?: string;
  client_id?: string;
  sub?: string;
  aud?: string | string[];
  iss?: string;
  exp?: number;
  iat?: number;
  jti?: string;
  token_type?: 'Bearer' | 'refresh_token';
  acr?: string;
  auth_time?: number;
  /** RFC 8693 §4.1: the actor chain of a delegated access token. */
  act?: ActorClaim;
}

const inactive: IntrospectionResult = { active: false };

/** The `acr` and `auth_time` claims of a user access token, when it has them. */
function signInOf(claims: Record<string, unknown>): Pick<IntrospectionResult, 'acr' | 'auth_time'> {
  return {
    ...(typeof claims.acr === 'string' ? { acr: claims.acr } : {}),
    ...(typeof claims.auth_time === 'number' ? { auth_time: claims.auth_time } : {}),
  };
}

/** Introspects tokens for the token's own client and for registered resource servers (RFC 7662 §4). */
export function createIntrospection(deps: {
  stores: Pick<Stores, 'revokedAccessTokens' | 'refreshTokens'>;
  verifyAccessToken: AccessTokenVerifier;
  issuer: string;
  /** Tokens of this audience (admin tokens) are active only to their own client, never to resource servers. */
  adminAudience: string;
  /** Which API each resource-server client is tied to (issue 12 §1). */
  apis: ApiCatalogueSource;
  now: () => number;
}) {
  return async function introspect(token: string, client: ClientRecord): Promise<IntrospectionResult> {
    const found = await lookUpToken(token, { ...deps, now: deps.now() });
    if (!found || !found.active) return inactive;
    if (found.kind === 'access_token') {
      const { accessToken, exp, iat } = found;
      const ownClient = accessToken.clientId === client.clientId;
      // RFC 7662 §4: a resource server learns only of tokens meant for its own API (issue 12 §1: one not tied to a
      // registered API is the built-in API's); an admin token is for the admin API alone, never a resource server's.
      if (!ownClient) {
        if (!client.resourceServer) return inactive;
        const audience = [accessToken.claims.aud].flat();
        const own = (await deps.apis.current()).apiOfResourceServer(client.clientId).identifier;
        if (audience.includes(deps.adminAudience) || !audience.includes(own)) return inactive;
      }
      return {
        active: true,
        scope: accessToken.scopes.join(' '),
        client_id: accessToken.clientId,
        sub: accessToken.sub,
        aud: accessToken.claims.aud,
        iss: accessToken.claims.iss,
        exp,
        iat,
        jti: accessToken.jti,
        token_type: 'Bearer',
        // RFC 9470 §6.2: how the user signed in, for a resource server that asks for a level.
        ...signInOf(accessToken.claims),
        ...(accessToken.claims.act === undefined ? {} : { act: accessToken.claims.act as ActorClaim }),
      };
    }
    if (found.grant.clientId !== client.clientId) return inactive;
    return {
      active: true,
      scope: found.grant.scopes.join(' '),
      client_id: found.grant.clientId,
      sub: found.grant.userId,
      iss: deps.issuer,
      exp: Math.floor(found.token.expiresAt / 1000),
      iat: Math.floor(found.token.createdAt / 1000),
      token_type: 'refresh_token',
      ...(found.grant.authentication ? { acr: found.grant.authentication.acr, auth_time: Math.floor(found.grant.authentication.authTime / 1000) } : {}),
    };
  };
}
