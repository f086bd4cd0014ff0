import type { AccessTokenClaims } from '../crypto/access-token-jwt.js';
import type { Stores } from '../store/index.js';

/**
 * RFC 7009 §2: an access token is revoked when its `jti` is on the deny list, its grant (family) was
 * revoked, or its client was deleted. One statement (see `RevokedAccessTokenStore.isRevoked`).
 */
export function isAccessTokenRevoked(stores: Pick<Stores, 'revokedAccessTokens'>, claims: Pick<AccessTokenClaims, 'jti' | 'grant_id' | 'client_id'>): Promise<boolean> {
  return stores.revokedAccessTokens.isRevoked({ jti: claims.jti, grantId: claims.grant_id || undefined, clientId: claims.client_id });
}
