import { invalidGrant, invalidRequest, unauthorizedClient } from '../oauth/errors.js';
import { authenticationOf } from '../oauth/authentication-methods.js';
import { grantableScopes, parseScopeParameter } from '../oauth/scopes.js';
import { randomId } from '../crypto/random.js';
import { type GuardedSignIn, tooManySignInFailures } from '../rate-limit/index.js';
import type { Auditor } from '../services/audit.js';
import type { RefreshTokens } from '../services/refresh-tokens.js';
import type { TokenIssuance } from '../services/token-issuance.js';
import type { SecondFactors } from '../services/second-factors.js';
import type { Users } from '../services/users.js';
import { requireParam, type TokenGrant } from './grant.js';

const secondFactorNeeded = 'This sign-in needs a second factor, which the password grant cannot carry: use the authorization code flow.';

async function hasSecondFactor(deps: { secondFactors: Pick<SecondFactors, 'hasAny'>; users: Pick<Users, 'findByUsername'> }, username: string): Promise<boolean> {
  const user = await deps.users.findByUsername(username);
  return user !== undefined && (await deps.secondFactors.hasAny(user.id));
}

/** RFC 6749 §4.3, for first-party clients only (RFC 9700 §2.4 discourages it for anyone else). */
export function passwordGrant(deps: {
  signIns: GuardedSignIn;
  refreshTokens: RefreshTokens;
  issuance: TokenIssuance;
  auditor: Auditor;
  now: () => number;
  /** Who has a second factor: the password grant cannot ask for it (issue 10). */
  secondFactors: Pick<SecondFactors, 'hasAny'>;
  users: Pick<Users, 'findByUsername'>;
  /** LATCHKEY_MFA=required. */
  mfaRequired: boolean;
}): TokenGrant {
  const { signIns } = deps;
  return {
    grantType: 'password',
    async handle(params, client, meta) {
      if (!client.firstParty) throw unauthorizedClient('The password grant is only for first-party clients.');
      const username = requireParam(params, 'username', invalidRequest);
      const password = requireParam(params, 'password', invalidRequest);
      const scopes = grantableScopes(parseScopeParameter(params.scope), client.scopes);
      const target = deps.issuance.targetFor(await deps.issuance.catalogue(), { via: 'password', client, resource: params.resource, grantResources: [], scopes });
      // Issue 10: a second factor cannot travel in a password grant. Refused before the password is looked at,
      // with one description whether it was right or not, so that this answer never confirms a password.
      if (deps.mfaRequired || client.requireMfa || (await hasSecondFactor(deps, username))) throw invalidGrant(secondFactorNeeded);
      // Lockout and the per-address limit answer 429 alike for existing and unknown usernames.
      const attempt = await signIns.signIn(username, password, { meta, clientId: client.clientId, via: 'password_grant' });
      if (attempt.kind === 'limited') throw tooManySignInFailures(attempt.retryAfterS);
      if (attempt.kind === 'refused') {
        await deps.auditor.record({ event: 'user.authentication_failed', outcome: 'failure', clientId: client.clientId, detail: { grant_type: 'password' } }, meta);
        throw invalidGrant('The username or password is incorrect.');
      }
      const { user } = attempt;
      // Every user token belongs to a grant, with or without a refresh token, so revoking the grant reaches it.
      const authentication = authenticationOf([{ kind: 'password', at: deps.now() }]);
      // RFC 8707 §2.2: a refresh token of this grant asks for the same API unless it names another one.
      const resources = params.resource === undefined ? [] : [target.api.identifier];
      const grant = { id: randomId(), clientId: client.clientId, userId: user.id, scopes, authentication, resources };
      const { refreshToken } = await deps.refreshTokens.recordGrantAlone(grant, client.grantTypes.includes('refresh_token'), () =>
        invalidGrant('The username or password is incorrect.'),
      );
      return deps.issuance.issue({ via: 'password', client, subject: user.id, target, grantId: grant.id, refreshToken, authentication }, meta);
    },
  };
}
