import type { VerifiedAccessToken } from './access-token.js';
import { ResourceServerError } from './errors.js';

// RFC 6749 §3.3: scope-token = 1*( %x21 / %x23-5B / %x5D-7E )
const scopeToken = /^[\x21\x23-\x5b\x5d-\x7e]+$/;

/**
 * Checks the scopes a route requires when the route is declared.
 *
 * @throws TypeError when a value is not an RFC 6749 §3.3 scope-token.
 */
export function parseRequiredScopes(scopes: readonly string[] | undefined): readonly string[] {
  if (scopes === undefined) return [];
  if (!Array.isArray(scopes)) throw new TypeError('requireToken: scopes must be an array of strings');
  for (const scope of scopes) {
    if (typeof scope !== 'string' || !scopeToken.test(scope)) {
      throw new TypeError(`requireToken: ${JSON.stringify(scope)} is not a valid scope`);
    }
  }
  return Object.freeze([...new Set(scopes)]);
}

/**
 * Requires every one of `required` to be granted to the token.
 *
 * @throws ResourceServerError `insufficient_scope` listing all required scopes (RFC 6750 §3.1).
 */
export function assertScopes(token: VerifiedAccessToken, required: readonly string[]): void {
  const granted = new Set(token.scopes);
  if (required.every((scope) => granted.has(scope))) return;
  throw new ResourceServerError(
    'insufficient_scope',
    'The access token does not grant the scope this resource requires.',
    { requiredScopes: required },
  );
}
