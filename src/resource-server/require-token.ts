import type { RequestHandler } from 'express';
import { ACCESS_TOKEN_LOCAL, type VerifiedAccessToken } from './access-token.js';
import { assertAuthentication, parseAuthenticationRequirement } from './authentication-requirement.js';
import { assertDelegation, type DelegationRequirement } from './actor.js';
import { extractBearerToken } from './bearer-token.js';
import { ResourceServerError } from './errors.js';
import { assertScopes, parseRequiredScopes } from './scopes.js';
import { writeError } from './write-error.js';

/** Options of `requireToken()`. Invalid values throw a `TypeError` when the route is declared. */
export interface RequireTokenOptions extends DelegationRequirement {
  /** Scopes the token must all carry; a missing one is answered 403 `insufficient_scope`. */
  scopes?: string[];
  /**
   * The `acr` values (authentication context classes) the user's sign-in may have met, in order of
   * preference, e.g. `['urn:latchkey:acr:mfa', 'phr']`; a token with another `acr` or none is answered
   * 401 `insufficient_user_authentication` with these as `acr_values` (RFC 9470 §3). Not empty.
   */
  acr?: string[];
  /**
   * The most seconds allowed since the user last authenticated (`auth_time`); an older token, or
   * one without `auth_time`, is answered 401 `insufficient_user_authentication` with this
   * `max_age` (RFC 9470 §3). A non-negative integer.
   */
  maxAge?: number;
}

/** What `requireToken()` needs besides the route's options. */
export interface RequireTokenContext {
  /** Verifies a compact token, revocation included. */
  verify(token: string): Promise<VerifiedAccessToken>;
  /** The `realm` of every challenge. */
  realm: string;
  /** The clock, epoch milliseconds, that `maxAge` is judged against. */
  now: () => number;
}

/**
 * Builds the middleware: read the Bearer token, verify it (including revocation), check the
 * sign-in behind it, then the scopes; store it on `res.locals.accessToken` and call `next()`.
 *
 * Token problems are answered here with the RFC 6750 §3 or RFC 9470 §3 error; any other failure (such
 * as a throwing `isRevoked`) goes to `next(err)` for the host app to map.
 */
export function requireToken(context: RequireTokenContext, options: RequireTokenOptions = {}): RequestHandler {
  const required = parseRequiredScopes(options.scopes);
  const authentication = parseAuthenticationRequirement(options);
  const delegation = parseDelegationRequirement(options);
  const { verify, realm, now } = context;
  return async (req, res, next) => {
    let accessToken: VerifiedAccessToken;
    try {
      accessToken = await verify(extractBearerToken(req.headers.authorization));
      assertDelegation(accessToken, delegation);
      // The 401s before the 403: a token whose sign-in is too weak or too old is a failed authentication
      // (RFC 9110 §15.5.2, RFC 9470 §3), to be fixed by the user signing in again, while RFC 6750 §3.1's
      // `insufficient_scope` is a refusal to an adequately authenticated token (RFC 9110 §15.5.4). The client's
      // step-up authorization request can then ask for the missing scope too, and no 403 reveals the
      // resource's scopes to a caller that has not yet met its authentication requirement.
      assertAuthentication(accessToken, authentication, now());
      assertScopes(accessToken, required);
    } catch (error) {
      if (error instanceof ResourceServerError) writeError(res, error, realm);
      else next(error);
      return;
    }
    res.locals[ACCESS_TOKEN_LOCAL] = accessToken;
    next();
  };
}

/** The delegation options, checked when the route is declared. */
function parseDelegationRequirement(options: DelegationRequirement): DelegationRequirement {
  const { delegation, actors } = options;
  if (delegation !== undefined && delegation !== 'allow' && delegation !== 'refuse') throw new TypeError("requireToken: delegation must be 'allow' or 'refuse'");
  if (actors !== undefined && (!Array.isArray(actors) || actors.length === 0 || !actors.every((a) => typeof a === 'string' && a !== ''))) {
    throw new TypeError('requireToken: actors must be a non-empty array of non-empty strings');
  }
  if (delegation === 'refuse' && actors !== undefined) throw new TypeError("requireToken: delegation 'refuse' and actors exclude each other");
  return { ...(delegation === undefined ? {} : { delegation }), ...(actors === undefined ? {} : { actors: [...actors] }) };
}
