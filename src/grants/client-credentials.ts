import { invalidRequest, unauthorizedClient } from '../oauth/errors.js';
import { grantableScopes, parseScopeParameter } from '../oauth/scopes.js';
import { randomId } from '../crypto/random.js';
import type { AccessTokenIssuer } from '../services/access-tokens.js';
import type { Auditor } from '../services/audit.js';
import type { TokenGrant } from './grant.js';

/** RFC 6749 §4.4: a confidential client obtains a token for itself; no refresh token (§4.4.3). */
export function clientCredentialsGrant(deps: { accessTokens: AccessTokenIssuer; auditor: Auditor }): TokenGrant {
  return {
    grantType: 'client_credentials',
    async handle(params, client, meta) {
      // RFC 6749 §4.4: "The client credentials grant type MUST only be used by confidential clients."
      if (client.tokenEndpointAuthMethod === 'none') throw unauthorizedClient('Public clients cannot use client_credentials.');
      const scopes = grantableScopes(parseScopeParameter(params.scope), client.scopes);
      if (scopes.length === 0) throw invalidRequest('The client has no scopes to grant.');
      const issued = await deps.accessTokens.issue({ clientId: client.clientId, subject: client.clientId, scopes, grantId: randomId() });
      await deps.auditor.record(
        { event: 'token.issued', outcome: 'success', clientId: client.clientId, subject: client.clientId, detail: { grant_type: 'client_credentials', jti: issued.claims.jti } },
        meta,
      );
      return { access_token: issued.token, token_type: 'Bearer', expires_in: issued.expiresIn, scope: scopes.join(' ') };
    },
  };
}
