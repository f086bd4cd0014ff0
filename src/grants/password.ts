import { invalidGrant, invalidRequest, unauthorizedClient } from '../oauth/errors.js';
import { grantableScopes, parseScopeParameter } from '../oauth/scopes.js';
import { randomId } from '../crypto/random.js';
import type { AccessTokenIssuer } from '../services/access-tokens.js';
import type { Auditor } from '../services/audit.js';
import type { RefreshTokens } from '../services/refresh-tokens.js';
import type { Users } from '../services/users.js';
import type { Storage } from '../store/index.js';
import { requireParam, TokenGrant } from './grant.js';

/** RFC 6749 §4.3, for first-party clients only (RFC 9700 §2.4 discourages it for anyone else). */
export function passwordGrant(deps: {
  storage: Storage;
  users: Users;
  accessTokens: AccessTokenIssuer;
  refreshTokens: RefreshTokens;
  auditor: Auditor;
}): TokenGrant {
  return {
    grantType: 'password',
    async handle(params, client, meta) {
      if (!client.firstParty) throw unauthorizedClient('The password grant is only for first-party clients.');
      const username = requireParam(params, 'username', invalidRequest);
      const password = requireParam(params, 'password', invalidRequest);
      const scopes = grantableScopes(parseScopeParameter(params.scope), client.scopes);
      const user = await deps.users.authenticate(username, password);
      if (!user) {
        await deps.auditor.record({ event: 'user.authentication_failed', outcome: 'failure', clientId: client.clientId, detail: { grant_type: 'password' } }, meta);
        throw invalidGrant('The username or password is incorrect.');
      }
      const refresh = client.grantTypes.includes('refresh_token')
        ? await deps.storage.transaction((stores) => deps.refreshTokens.startFamily(stores, { clientId: client.clientId, userId: user.id, scopes }))
        : undefined;
      const issued = await deps.accessTokens.issue({ clientId: client.clientId, subject: user.id, scopes, grantId: refresh?.familyId ?? randomId() });
      await deps.auditor.record(
        { event: 'token.issued', outcome: 'success', clientId: client.clientId, subject: user.id, detail: { grant_type: 'password', jti: issued.claims.jti, refresh: !!refresh } },
        meta,
      );
      return {
        access_token: issued.token,
        token_type: 'Bearer',
        expires_in: issued.expiresIn,
        ...(refresh ? { refresh_token: refresh.refreshToken } : {}),
        scope: scopes.join(' '),
      };
    },
  };
}
