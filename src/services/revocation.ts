import { OAuthError } from '../oauth/errors.js';
import type { AccessTokenVerifier } from '../resource-server/verify-access-token.js';
import type { Storage } from '../store/index.js';
import type { ClientRecord } from '../domain/records.js';
import type { Auditor, RequestMeta } from './audit.js';
import { lookUpToken } from './token-lookup.js';

/** Revokes tokens for the client that holds them (RFC 7009). */
export function createRevocation(deps: { storage: Storage; verifyAccessToken: AccessTokenVerifier; auditor: Auditor; now: () => number }) {
  return async function revokeToken(token: string, client: ClientRecord, meta: RequestMeta): Promise<void> {
    const now = deps.now();
    const found = await lookUpToken(token, { stores: deps.storage, verifyAccessToken: deps.verifyAccessToken, now });
    // RFC 7009 §2.2: invalid or unknown tokens do not cause an error response.
    if (!found) return;
    const owner = found.kind === 'access_token' ? found.accessToken.clientId : found.grant.clientId;
    // RFC 7009 §2.1: the server verifies the token was issued to the requesting client, and refuses otherwise.
    if (owner !== client.clientId) throw new OAuthError('unauthorized_client', 'The token was not issued to this client.');
    if (found.kind === 'access_token') {
      await deps.storage.revokedAccessTokens.insert({ jti: found.accessToken.jti, clientId: owner, expiresAt: found.exp * 1000, revokedAt: now });
    } else {
      await deps.storage.refreshTokens.revokeGrant(found.grant.id, 'revoked', now);
    }
    const subject = found.kind === 'access_token' ? found.accessToken.sub : found.grant.userId;
    await deps.auditor.record({ event: 'token.revoked', outcome: 'success', clientId: owner, subject, detail: { token_type: found.kind } }, meta);
  };
}
