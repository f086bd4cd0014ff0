import type { AccessTokenClaims } from '../crypto/access-token-jwt.js';
import type { Stores } from '../store/index.js';

/** RFC 7009 §2: an access token is revoked when its `jti` is on the deny list or its grant (refresh family) was revoked. */
export function isAccessTokenRevoked(stores: Pick<Stores, 'revokedAccessTokens'>, claims: Pick<AccessTokenClaims, 'jti' | 'grant_id'>): Promise<boolean> {
  return claims.grant_id ? stores.revokedAccessTokens.isRevokedWithGrant(claims.jti, claims.grant_id) : stores.revokedAccessTokens.isRevoked(claims.jti);
}
