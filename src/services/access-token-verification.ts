import { accessTokenAlgorithms } from '../crypto/access-token-jwt.js';
import { keystoreKeyResolver } from '../crypto/key-resolver.js';
import type { Keystore } from '../crypto/keystore.js';
import { resourceServerFrom, type ResourceServer } from '../resource-server/create-resource-server.js';
import { defaultRealm } from '../resource-server/resolve-options.js';
import { accessTokenVerifier, type AccessTokenVerifier } from '../resource-server/verify-access-token.js';
import type { Stores } from '../store/index.js';
import { isAccessTokenRevoked } from './token-status.js';

/**
 * No leeway on `exp` when Latchkey checks its own access tokens. RFC 7519 §4.1.4 and RFC 9068 §4 allow
 * "some small leeway ... to account for clock skew" between issuer and verifier; here both read the
 * same clock (`lk.now`), so there is no skew to absorb, and a token expires at the same instant at
 * `/data`, `/userinfo`, `/introspect` and `/revoke`. Resource servers on other hosts keep the
 * package's own default (5 s).
 */
export const ownAccessTokenClockSkewS = 0;

/** The one access-token verifier of the server, in the two forms its callers need. */
export interface AccessTokenVerification {
  /** Signature, `typ`, the RFC 9068 §2.2 claims and expiry on the server's clock; no revocation check. */
  readonly verifyLocally: AccessTokenVerifier;
  /** The same verifier followed by the revocation check, for the bearer-protected operations. */
  readonly resourceServer: ResourceServer;
}

/** Builds the verifier every endpoint that accepts a Latchkey access token uses. */
export function createAccessTokenVerification(deps: {
  keystore: Keystore;
  issuer: string;
  audience: string;
  stores: Pick<Stores, 'revokedAccessTokens'>;
  now: () => number;
}): AccessTokenVerification {
  const verifyLocally = accessTokenVerifier({
    issuer: deps.issuer,
    audience: deps.audience,
    algorithms: accessTokenAlgorithms,
    getKey: keystoreKeyResolver(deps.keystore),
    clockToleranceS: ownAccessTokenClockSkewS,
    now: deps.now,
  });
  const isRevoked = (token: Parameters<typeof isAccessTokenRevoked>[1]) => isAccessTokenRevoked(deps.stores, token);
  return { verifyLocally, resourceServer: resourceServerFrom(verifyLocally, isRevoked, defaultRealm) };
}
