import type { VerifiedAccessToken } from '../resource-server/index.js';
import type { Stores } from '../store/index.js';

/**
 * RFC 7009 §2: an access token is revoked when its `jti` is on the deny list, its grant was revoked,
 * or its client was deleted. One statement (see `RevokedAccessTokenStore.isRevoked`).
 */
export function isAccessTokenRevoked(stores: Pick<Stores, 'revokedAccessTokens'>, token: Pick<VerifiedAccessToken, 'jti' | 'grantId' | 'clientId'>): Promise<boolean> {
  return stores.revokedAccessTokens.isRevoked({ jti: token.jti, grantId: token.grantId || undefined, clientId: token.clientId });
}
