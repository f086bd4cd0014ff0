import type { RequestHandler } from 'express';
import type { VerifiedAccessToken } from './access-token.js';
import { invalidToken } from './errors.js';
import { activeUnlessRevoked, introspectionCheck, type ActiveTokenCheck } from './introspection.js';
import { JwksCache } from './jwks-cache.js';
import type { ResourceServerOptions } from './options.js';
import { requireToken, type RequireTokenOptions } from './require-token.js';
import { resolveOptions } from './resolve-options.js';
import { accessTokenVerifier, type AccessTokenVerifier } from './verify-access-token.js';

/** A configured resource server, returned by {@link createResourceServer}. */
export interface ResourceServer {
  /**
   * Express middleware that admits only requests with a valid Latchkey access token carrying
   * every scope in `options.scopes` and, with `options.acr` or `options.maxAge`, a sign-in that meets
   * them (RFC 9470); the token is then on `res.locals.accessToken` (see `accessTokenOf`).
   *
   * @throws TypeError at declaration when a scope is not a valid scope-token, `acr` is not a
   *   non-empty list of acr values or `maxAge` not a non-negative integer.
   */
  requireToken(options?: RequireTokenOptions): RequestHandler;
  /**
   * Verifies a compact JWT access token: signature, `typ`, issuer, audience, expiry, required
   * claims and revocation; with introspection, the answer's `acr`, `amr` and `auth_time` win.
   *
   * @throws ResourceServerError `invalid_token` or `temporarily_unavailable`; an error thrown by
   *   `isRevoked` or a custom `getKey` is rethrown unchanged.
   */
  verify(token: string): Promise<VerifiedAccessToken>;
}

/**
 * Creates a resource server that verifies Latchkey access tokens (RFC 9068) and answers with
 * RFC 6750 errors.
 *
 * @throws TypeError when the options are invalid.
 */
export function createResourceServer(options: ResourceServerOptions): ResourceServer {
  const resolved = resolveOptions(options);
  const { keys, revocation } = resolved;
  const verifyLocally = accessTokenVerifier({
    ...resolved,
    getKey: 'jwksUri' in keys ? new JwksCache({ uri: keys.jwksUri }).getKey : keys.getKey,
  });
  const lookUp: ActiveTokenCheck | undefined =
    revocation === undefined
      ? undefined
      : 'introspection' in revocation
        ? introspectionCheck(revocation)
        : activeUnlessRevoked((token) => revocation.isRevoked(token));

  return resourceServerFrom(verifyLocally, lookUp, { realm: resolved.realm, now: resolved.now });
}

/**
 * Assembles a resource server from a local verifier and a look-up of active tokens. Latchkey itself
 * uses this so that `/data`, `/userinfo`, `/introspect` and `/revoke` share one verifier instance.
 *
 * @param settings - the challenges' `realm`, and the clock that `maxAge` is judged against
 */
export function resourceServerFrom(
  verifyLocally: AccessTokenVerifier,
  lookUp: ActiveTokenCheck | undefined,
  settings: { realm: string; now: () => number },
): ResourceServer {
  async function verify(token: string): Promise<VerifiedAccessToken> {
    const accessToken = await verifyLocally(token);
    if (lookUp === undefined) return accessToken;
    const active = await lookUp(accessToken);
    // RFC 6750 §3.1: a revoked token is `invalid_token`, like an expired one.
    if (active === undefined) throw invalidToken('The access token is no longer active.');
    return active;
  }

  return {
    requireToken: (requireOptions) => requireToken({ verify, ...settings }, requireOptions),
    verify,
  };
}
