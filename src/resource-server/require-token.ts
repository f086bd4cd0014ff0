import type { RequestHandler } from 'express';
import { ACCESS_TOKEN_LOCAL, type VerifiedAccessToken } from './access-token.js';
import { extractBearerToken } from './bearer-token.js';
import { ResourceServerError } from './errors.js';
import { assertScopes, parseRequiredScopes } from './scopes.js';
import { writeError } from './write-error.js';

/** Options of `requireToken()`. */
export interface RequireTokenOptions {
  /** Scopes the token must all carry; a missing one is answered 403 `insufficient_scope`. */
  scopes?: string[];
}

/**
 * Builds the middleware: read the Bearer token, verify it (including revocation), check scopes,
 * then store it on `res.locals.accessToken` and call `next()`.
 *
 * Token problems are answered here with the RFC 6750 §3 error; any other failure (such as a
 * throwing `isRevoked`) goes to `next(err)` for the host app to map.
 */
export function requireToken(
  verify: (token: string) => Promise<VerifiedAccessToken>,
  realm: string,
  options: RequireTokenOptions = {},
): RequestHandler {
  const required = parseRequiredScopes(options.scopes);
  return async (req, res, next) => {
    let accessToken: VerifiedAccessToken;
    try {
      accessToken = await verify(extractBearerToken(req.headers.authorization));
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
