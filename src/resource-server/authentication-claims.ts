import type { VerifiedAccessToken } from './access-token.js';

/** The facts about the user's sign-in that a token or an introspection answer carries (RFC 9470 §6). */
export type AuthenticationContext = Pick<VerifiedAccessToken, 'acr' | 'amr' | 'authTime'>;

/**
 * Reads `acr`, `amr` and `auth_time` from JWT claims (RFC 9068 §2.2.1) or an introspection answer
 * (RFC 9470 §6.2), keeping only the members that are present. Returns `undefined` when one is
 * malformed: `acr` not a non-empty string (OIDC Core §2), `amr` not an array of non-empty strings
 * (RFC 8176 §1), `auth_time` not a non-negative NumericDate (RFC 7519 §2).
 */
export function readAuthenticationContext(source: Readonly<Record<string, unknown>>): AuthenticationContext | undefined {
  const { acr, amr, auth_time: authTime } = source;
  if (acr !== undefined && !isNonEmptyString(acr)) return undefined;
  if (amr !== undefined && !(Array.isArray(amr) && amr.every(isNonEmptyString))) return undefined;
  if (authTime !== undefined && !(typeof authTime === 'number' && Number.isFinite(authTime) && authTime >= 0)) return undefined;
  return {
    ...(acr === undefined ? {} : { acr }),
    ...(amr === undefined ? {} : { amr: [...(amr as string[])] }),
    ...(authTime === undefined ? {} : { authTime }),
  };
}

function isNonEmptyString(value: unknown): value is string {
  return typeof value === 'string' && value !== '';
}
