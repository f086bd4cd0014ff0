import type { GuardedSignIn } from '../rate-limit/index.js';
import type { Auditor } from '../services/audit.js';
import type { AuthorizationCodes } from '../services/authorization-codes.js';
import type { RefreshTokens } from '../services/refresh-tokens.js';
import type { TokenIssuance } from '../services/token-issuance.js';
import type { SecondFactors } from '../services/second-factors.js';
import type { Users } from '../services/users.js';
import type { Storage } from '../store/index.js';
import { authorizationCodeGrant } from './authorization-code.js';
import { clientCredentialsGrant } from './client-credentials.js';
import type { TokenGrant } from './grant.js';
import { passwordGrant } from './password.js';
import { refreshTokenGrant } from './refresh-token.js';
import { tokenExchangeGrant } from './token-exchange.js';
import type { AccessTokenVerifier } from '../resource-server/verify-access-token.js';

export type { TokenGrant } from './grant.js';

/** What the grants need, composed once at start-up. */
export interface GrantDependencies {
  storage: Storage;
  /** Sign-in guarded by the per-address failure limit and the account lockout. */
  signIns: GuardedSignIn;
  codes: AuthorizationCodes;
  refreshTokens: RefreshTokens;
  /** Shapes every token response and records `token.issued`. */
  issuance: TokenIssuance;
  auditor: Auditor;
  now: () => number;
  secondFactors: SecondFactors;
  users: Users;
  mfaRequired: boolean;
  /** Latchkey's own access-token verifier (any audience, no revocation check), for token exchange. */
  verifyAccessToken: AccessTokenVerifier;
}

/** Every grant type this server supports, keyed by its `grant_type` value. */
export function composeGrants(deps: GrantDependencies): ReadonlyMap<string, TokenGrant> {
  const grants = [
    authorizationCodeGrant(deps),
    clientCredentialsGrant(deps),
    passwordGrant(deps),
    refreshTokenGrant(deps),
    tokenExchangeGrant({ ...deps, stores: deps.storage }),
  ];
  return new Map(grants.map((g) => [g.grantType, g]));
}
