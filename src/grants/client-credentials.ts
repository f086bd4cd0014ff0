import { invalidRequest, unauthorizedClient } from '../oauth/errors.js';
import { adminScope, grantableScopes, parseScopeParameter } from '../oauth/scopes.js';
import { randomId } from '../crypto/random.js';
import type { TokenIssuance } from '../services/token-issuance.js';
import type { TokenGrant } from './grant.js';

/** RFC 6749 §4.4: a confidential client obtains a token for itself; no refresh token (§4.4.3). */
export function clientCredentialsGrant(deps: { issuance: TokenIssuance }): TokenGrant {
  return {
    grantType: 'client_credentials',
    async handle(params, client, meta) {
      // RFC 6749 §4.4: "The client credentials grant type MUST only be used by confidential clients."
      if (client.tokenEndpointAuthMethod === 'none') throw unauthorizedClient('Public clients cannot use client_credentials.');
      const requested = parseScopeParameter(params.scope);
      // Issue 13 §4: an admin client may ask for `admin`, which it is never registered for (token-issuance.ts checks the rest).
      const scopes = client.admin && requested?.includes(adminScope) ? requested : grantableScopes(requested, client.scopes);
      if (scopes.length === 0) throw invalidRequest('The client has no scopes to grant.');
      const target = deps.issuance.targetFor(await deps.issuance.catalogue(), { via: 'client_credentials', client, resource: params.resource, grantResources: [], scopes });
      return deps.issuance.issue({ via: 'client_credentials', client, subject: client.clientId, target, grantId: randomId() }, meta);
    },
  };
}
