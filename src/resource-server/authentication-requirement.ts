import type { VerifiedAccessToken } from './access-token.js';
import { ResourceServerError } from './errors.js';

/** What a route requires of the user's sign-in behind a token (RFC 9470 §3), checked when the route is declared. */
export interface AuthenticationRequirement {
  /** The accepted `acr` values, in order of preference, without duplicates; absent, any sign-in. */
  readonly acr?: readonly string[];
  /** The most seconds allowed since `auth_time`; absent, any age. */
  readonly maxAge?: number;
}

// RFC 9470 §3: `acr_values` is space-separated, so a value is one or more visible ASCII characters.
const acrValue = /^[\x21-\x7e]+$/;

/**
 * Checks the `acr` and `maxAge` options of a route when it is declared.
 *
 * @throws TypeError when `acr` is not a non-empty list of acr values, or `maxAge` not a
 *   non-negative integer (RFC 9470 §3: "a non-negative integer value").
 */
export function parseAuthenticationRequirement(options: { acr?: unknown; maxAge?: unknown }): AuthenticationRequirement {
  const { acr, maxAge } = options;
  if (acr !== undefined) {
    if (!Array.isArray(acr)) fail('acr must be an array of acr values');
    // An empty list would refuse every token: a mistake, not a policy.
    if (acr.length === 0) fail('acr must list at least one value; omit it to accept any sign-in');
    for (const value of acr as unknown[]) {
      if (typeof value !== 'string' || !acrValue.test(value)) fail(`${JSON.stringify(value)} is not a valid acr value`);
    }
  }
  if (maxAge !== undefined && !(typeof maxAge === 'number' && Number.isSafeInteger(maxAge) && maxAge >= 0)) {
    fail('maxAge must be a non-negative integer number of seconds');
  }
  return Object.freeze({
    ...(acr === undefined ? {} : { acr: Object.freeze([...new Set(acr as string[])]) }),
    ...(maxAge === undefined ? {} : { maxAge: maxAge as number }),
  });
}

/**
 * Requires the token's sign-in to meet the route's requirement: its `acr` one of the accepted
 * values, and, with `maxAge`, an `auth_time` at most `maxAge` seconds before `nowMs`. A token
 * without `acr` (or without `auth_time` when `maxAge` is set) does not meet it.
 *
 * @throws ResourceServerError `insufficient_user_authentication` (RFC 9470 §3), whose challenge states
 *   the whole requirement (every configured `acr_values` and `max_age`), whichever part failed, so
 *   that one new authorization request can meet it.
 */
export function assertAuthentication(token: VerifiedAccessToken, requirement: AuthenticationRequirement, nowMs: number): void {
  const { acr, maxAge } = requirement;
  const levelMet = acr === undefined || (token.acr !== undefined && acr.includes(token.acr));
  const recentEnough = maxAge === undefined || (token.authTime !== undefined && nowMs / 1000 - token.authTime <= maxAge);
  if (levelMet && recentEnough) return;
  throw new ResourceServerError(
    'insufficient_user_authentication',
    levelMet ? 'More recent authentication is required.' : 'A different authentication level is required.',
    { ...(acr === undefined ? {} : { acrValues: acr }), ...(maxAge === undefined ? {} : { maxAge }) },
  );
}

function fail(message: string): never {
  throw new TypeError(`requireToken: ${message}`);
}
