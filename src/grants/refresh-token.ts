import { invalidRequest } from '../oauth/errors.js';
import { narrowedScopes, parseScopeParameter } from '../oauth/scopes.js';
import type { AccessTokenIssuer } from '../services/access-tokens.js';
import type { Auditor } from '../services/audit.js';
import type { RefreshTokens } from '../services/refresh-tokens.js';
import { requireParam, TokenGrant } from './grant.js';

/** RFC 6749 §6 with rotation on every use (RFC 9700 §4.14.2). */
export function refreshTokenGrant(deps: { accessTokens: AccessTokenIssuer; refreshTokens: RefreshTokens; auditor: Auditor }): TokenGrant {
  return {
    grantType: 'refresh_token',
    async handle(params, client, meta) {
      const presented = requireParam(params, 'refresh_token', invalidRequest);
      const requested = parseScopeParameter(params.scope);
      // RFC 6749 §6: the scope may narrow, never widen; the new refresh token keeps the original scope.
      const { refreshToken, family } = await deps.refreshTokens.rotate(presented, client.clientId, meta, (f) => narrowedScopes(requested, f.scopes));
      const scopes = narrowedScopes(requested, family.scopes);
      const issued = await deps.accessTokens.issue({ clientId: client.clientId, subject: family.userId, scopes, grantId: family.id });
      await deps.auditor.record(
        { event: 'token.issued', outcome: 'success', clientId: client.clientId, subject: family.userId, detail: { grant_type: 'refresh_token', jti: issued.claims.jti, family_id: family.id } },
        meta,
      );
      return { access_token: issued.token, token_type: 'Bearer', expires_in: issued.expiresIn, refresh_token: refreshToken, scope: scopes.join(' ') };
    },
  };
}
