import type { AccessTokenClaims } from '../crypto/access-token-jwt.js';
import type { Stores } from '../store/index.js';

/** RFC 7009 §2: an access token is revoked when its `jti` is on the deny list or its grant (refresh family) was revoked. */
export async function isAccessTokenRevoked(
  stores: Pick<Stores, 'revokedAccessTokens' | 'refreshTokens'>,
  claims: Pick<AccessTokenClaims, 'jti' | 'grant_id'>,
): Promise<boolean> {
  const [denied, family] = await Promise.all([
    stores.revokedAccessTokens.isRevoked(claims.jti),
    claims.grant_id ? stores.refreshTokens.findFamily(claims.grant_id) : Promise.resolve(undefined),
  ]);
  return denied || (family !== undefined && family.revokedAt !== null);
}
