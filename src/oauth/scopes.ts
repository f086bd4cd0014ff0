import { invalidRequest, invalidScope, quoteInput } from './errors.js';

/**
 * The scope of admin-API tokens (issue 13 §4): granted only to admin clients by client credentials, alone,
 * with the admin audience. Not a row of the scopes table: it cannot be created or registered for a client.
 */
export const adminScope = 'admin';

/** RFC 6749 §3.3: scope-token = 1*( %x21 / %x23-5B / %x5D-7E ). */
const scopeToken = /^[\x21\x23-\x5B\x5D-\x7E]+$/;

/** Parses a space-delimited scope parameter; order is irrelevant and duplicates collapse (RFC 6749 §3.3). */
export function parseScopeParameter(scope: string | undefined): string[] | undefined {
  if (scope === undefined) return undefined;
  const values = scope.split(' ').filter((s) => s !== '');
  for (const value of values) {
    if (!scopeToken.test(value)) throw invalidRequest('The scope parameter contains an invalid character.');
  }
  if (values.length === 0) throw invalidRequest('The scope parameter is empty.');
  return [...new Set(values)];
}

/**
 * RFC 6749 §3.3: the requested scopes must all be within `allowed`; when none
 * were requested, the default is every allowed scope.
 */
export function grantableScopes(requested: string[] | undefined, allowed: readonly string[]): string[] {
  if (requested === undefined) return [...allowed];
  const forbidden = requested.filter((s) => !allowed.includes(s));
  if (forbidden.length) throw invalidScope(`Unknown scope, or not allowed for this client: ${quoteInput(forbidden.join(' '), 128)}.`);
  return requested;
}

/** RFC 6749 §6: a refresh may narrow the original scope, never widen it. */
export function narrowedScopes(requested: string[] | undefined, original: readonly string[]): string[] {
  if (requested === undefined) return [...original];
  const wider = requested.filter((s) => !original.includes(s));
  if (wider.length) throw invalidScope(`Scope exceeds the original grant: ${quoteInput(wider.join(' '), 128)}.`);
  return requested;
}
