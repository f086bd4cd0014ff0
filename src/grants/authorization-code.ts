import { invalidRequest } from '../oauth/errors.js';
import type { AuthorizationCodes } from '../services/authorization-codes.js';
import type { TokenIssuance } from '../services/token-issuance.js';
import { requireParam, type TokenGrant } from './grant.js';

/** RFC 6749 §4.1.3 with PKCE (RFC 7636 §4.5): redeem the code, then issue its tokens. */
export function authorizationCodeGrant(deps: { codes: AuthorizationCodes; issuance: TokenIssuance }): TokenGrant {
  return {
    grantType: 'authorization_code',
    async handle(params, client, meta) {
      const presented = requireParam(params, 'code', invalidRequest);
      const { code, refreshToken } = await deps.codes.redeem(presented, client, { redirectUri: params.redirect_uri, codeVerifier: params.code_verifier }, meta);
      const idToken = code.scopes.includes('openid') ? { nonce: code.nonce } : undefined;
      const { authentication } = code;
      return deps.issuance.issue({ via: 'authorization_code', client, subject: code.userId, scopes: code.scopes, grantId: code.grantId, refreshToken, authentication, idToken }, meta);
    },
  };
}
