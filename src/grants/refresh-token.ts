import { passwordAuthentication } from '../domain/authentication.js';
import { invalidRequest } from '../oauth/errors.js';
import { narrowedScopes, parseScopeParameter } from '../oauth/scopes.js';
import type { RefreshTokens } from '../services/refresh-tokens.js';
import type { TokenIssuance } from '../services/token-issuance.js';
import type { GrantRecord } from '../domain/records.js';
import type { TokenTarget } from '../oauth/resource-indicators.js';
import { requireParam, type TokenGrant } from './grant.js';

/** RFC 6749 §6 with rotation on every use (RFC 9700 §4.14.2). */
export function refreshTokenGrant(deps: { refreshTokens: RefreshTokens; issuance: TokenIssuance }): TokenGrant {
  return {
    grantType: 'refresh_token',
    async handle(params, client, meta) {
      const presented = requireParam(params, 'refresh_token', invalidRequest);
      const requested = parseScopeParameter(params.scope);
      const catalogue = await deps.issuance.catalogue();
      // RFC 6749 §6: the scope may narrow, never widen; the new refresh token keeps the original scope. RFC 8707 §2.2:
      // the token may be for any one API of the grant. Both are decided before the refresh token is used up.
      const targetOf = (grant: GrantRecord) =>
        deps.issuance.targetFor(catalogue, { via: 'refresh_token', client, resource: params.resource, grantResources: grant.resources, scopes: narrowedScopes(requested, grant.scopes) });
      let target: TokenTarget | undefined;
      const { refreshToken, grant } = await deps.refreshTokens.rotate(presented, client.clientId, meta, (f) => {
        target = targetOf(f);
      });
      // OIDC Core §12.2: tokens of a refreshed grant keep the authentication of the original sign-in.
      const authentication = grant.authentication ?? passwordAuthentication(grant.createdAt);
      return deps.issuance.issue({ via: 'refresh_token', client, subject: grant.userId, target: target ?? targetOf(grant), grantId: grant.id, refreshToken, authentication }, meta);
    },
  };
}
