import { invalidRequest } from '../oauth/errors.js';
import type { AuthorizationCodes } from '../services/authorization-codes.js';
import type { TokenIssuance } from '../services/token-issuance.js';
import { requireParam, type TokenGrant } from './grant.js';
import type { AuthorizationCodeRecord } from '../domain/records.js';
import type { TokenTarget } from '../oauth/resource-indicators.js';

/** RFC 6749 §4.1.3 with PKCE (RFC 7636 §4.5): redeem the code, then issue its tokens. */
export function authorizationCodeGrant(deps: { codes: AuthorizationCodes; issuance: TokenIssuance }): TokenGrant {
  return {
    grantType: 'authorization_code',
    async handle(params, client, meta) {
      const presented = requireParam(params, 'code', invalidRequest);
      const catalogue = await deps.issuance.catalogue();
      // RFC 8707 §2.2: the API is decided before the code is used up, so a wrong resource does not cost the code.
      const targetOf = (found: AuthorizationCodeRecord) =>
        deps.issuance.targetFor(catalogue, { via: 'authorization_code', client, resource: params.resource, grantResources: found.resources, scopes: found.scopes });
      let target: TokenTarget | undefined;
      const redemption = { redirectUri: params.redirect_uri, codeVerifier: params.code_verifier, check: (found: AuthorizationCodeRecord) => void (target = targetOf(found)) };
      const { code, refreshToken } = await deps.codes.redeem(presented, client, redemption, meta);
      const idToken = code.scopes.includes('openid') ? { nonce: code.nonce } : undefined;
      const { authentication } = code;
      return deps.issuance.issue({ via: 'authorization_code', client, subject: code.userId, target: target ?? targetOf(code), grantId: code.grantId, refreshToken, authentication, idToken }, meta);
    },
  };
}
