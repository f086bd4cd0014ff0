import type { VerifiedAccessToken } from '../resource-server/index.js';
import type { Stores } from '../store/index.js';

/**
 * RFC 7009 §2: an access token is revoked when its `jti` is on the deny list, its grant was revoked
 * or deleted with its user or client, or its client was deleted. One statement (see
 * `RevokedAccessTokenStore.isRevoked`). Only a user's token has a grant row: a client-credentials
 * token's `sub` is its client (RFC 9068 §2.2) and its `grant_id` names no row.
 */
export function isAccessTokenRevoked(stores: Pick<Stores, 'revokedAccessTokens'>, token: Pick<VerifiedAccessToken, 'jti' | 'grantId' | 'clientId' | 'sub'>): Promise<boolean> {
  const userToken = token.sub !== token.clientId;
  return stores.revokedAccessTokens.isRevoked({ jti: token.jti, grantId: userToken ? token.grantId || undefined : undefined, clientId: token.clientId });
}
