import type { AccessTokenClaims } from '../crypto/access-token-jwt.js';
import type { Stores } from '../store/index.js';

/**
 * RFC 7009 §2: an access token is revoked when its `jti` is on the deny list, its grant (family) was
 * revoked or deleted with its user or client, or its client was deleted. One statement (see
 * `RevokedAccessTokenStore.isRevoked`). Only a user's token has a grant row: a client-credentials
 * token's `sub` is its client (RFC 9068 §2.2) and its `grant_id` names no row.
 */
export function isAccessTokenRevoked(stores: Pick<Stores, 'revokedAccessTokens'>, claims: Pick<AccessTokenClaims, 'jti' | 'grant_id' | 'client_id' | 'sub'>): Promise<boolean> {
  const userToken = claims.sub !== claims.client_id;
  return stores.revokedAccessTokens.isRevoked({ jti: claims.jti, grantId: userToken ? claims.grant_id || undefined : undefined, clientId: claims.client_id });
}
