import { accessTokenAlgorithms } from '../crypto/access-token-jwt.js';
import { keystoreKeyResolver } from '../crypto/key-resolver.js';
import type { Keystore } from '../crypto/keystore.js';
import { resourceServerFrom, type ResourceServer } from '../resource-server/create-resource-server.js';
import { activeUnlessRevoked } from '../resource-server/introspection.js';
import { defaultRealm } from '../resource-server/resolve-options.js';
import { accessTokenVerifier, anyAudience, type AccessTokenVerifier } from '../resource-server/verify-access-token.js';
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

/** The one access-token verifier of the server, in the forms its callers need. */
export interface AccessTokenVerification {
  /**
   * Signature, `typ`, the RFC 9068 §2.2 claims and expiry on the server's clock, for any audience (the
   * token's own client revokes and introspects its tokens of every API; introspection judges `aud` for
   * resource servers); no revocation check.
   */
  readonly verifyLocally: AccessTokenVerifier;
  /** The verifier for the ordinary audience followed by the revocation check, for the bearer-protected operations. */
  readonly resourceServer: ResourceServer;
  /**
   * The verifier for the admin audience only (issue 13 §4), followed by the revocation check and by the
   * check that the token's client is still an admin client: a client demoted, deleted or whose token was
   * revoked can no longer call the admin API.
   */
  readonly adminResourceServer: ResourceServer;
}

/** Builds the verifier every endpoint that accepts a Latchkey access token uses. */
export function createAccessTokenVerification(deps: {
  keystore: Keystore;
  issuer: string;
  audience: string;
  adminAudience: string;
  stores: Pick<Stores, 'revokedAccessTokens' | 'clients'>;
  now: () => number;
}): AccessTokenVerification {
  const verifierFor = (audience: string | typeof anyAudience) =>
    accessTokenVerifier({
      issuer: deps.issuer,
      audience,
      algorithms: accessTokenAlgorithms,
      getKey: keystoreKeyResolver(deps.keystore),
      clockToleranceS: ownAccessTokenClockSkewS,
      now: deps.now,
    });
  type Token = Parameters<typeof isAccessTokenRevoked>[1];
  const isRevoked = (token: Token) => isAccessTokenRevoked(deps.stores, token);
  const noLongerAdmin = async (token: Token) => (await isRevoked(token)) || (await deps.stores.clients.findById(token.clientId))?.admin !== true;
  // The server's clock judges `maxAge` (RFC 9470 §3), as it judges `exp`.
  const settings = { realm: defaultRealm, now: deps.now };
  return {
    // Any API's token, the admin API's included, and of APIs deleted since: their own client may still revoke them.
    verifyLocally: verifierFor(anyAudience),
    resourceServer: resourceServerFrom(verifierFor(deps.audience), activeUnlessRevoked(isRevoked), settings),
    adminResourceServer: resourceServerFrom(verifierFor(deps.adminAudience), activeUnlessRevoked(noLongerAdmin), settings),
  };
}
