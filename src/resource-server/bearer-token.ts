import { ResourceServerError } from './errors.js';

// RFC 6750 §2.1: credentials = "Bearer" 1*SP b64token
const b64token = /^[A-Za-z0-9\-._~+/]+=*$/;

/**
 * Reads the access token from an `Authorization` header value. Only the header is consulted: a
 * token in the query or body is ignored (RFC 6750 §2.1; the §2.2 and §2.3 methods are not supported).
 * The scheme name is case-insensitive (RFC 9110 §11.1).
 *
 * @throws ResourceServerError `token_required` when there is no Bearer credential, `invalid_request`
 *   when the Bearer credential is malformed.
 */
export function extractBearerToken(authorization: string | undefined): string {
  const value = authorization?.trim() ?? '';
  const scheme = value.split(/\s/, 1)[0] ?? '';
  // RFC 6750 §3.1: a request without Bearer credentials gets a challenge with no error code.
  if (scheme.toLowerCase() !== 'bearer') {
    throw new ResourceServerError('token_required', 'An access token is required.');
  }
  const token = value.slice(scheme.length).replace(/^ +/, '');
  if (!b64token.test(token)) {
    throw new ResourceServerError(
      'invalid_request',
      'The Authorization header must be Bearer followed by a single access token.',
    );
  }
  return token;
}
