import { passwordAuthentication, type Authentication, type AuthenticationFactor } from '../domain/authentication.js';

/** Lists are stored as JSON text on both dialects. */
export function parseJsonList(value: unknown): string[] {
  const parsed: unknown = typeof value === 'string' ? JSON.parse(value) : value;
  return Array.isArray(parsed) ? parsed.map(String) : [];
}

/** A list column that is NULL when empty (rows written before it existed read the same). */
export function nullableJsonList(list: readonly string[]): string | null {
  return list.length > 0 ? JSON.stringify(list) : null;
}

/** Booleans come back as 0/1 on both dialects. */
export function toBoolean(value: unknown): boolean {
  return value === true || value === 1 || value === '1';
}

/** BIGINT columns come back as numbers, or as strings when a driver is set to. */
export function toEpoch(value: unknown): number {
  return typeof value === 'number' ? value : Number(value);
}

export function toEpochOrNull(value: unknown): number | null {
  return value === null || value === undefined ? null : toEpoch(value);
}

/** The `acr` and `amr` columns of an authentication (its time has a column of its own). */
export function authenticationColumns(authentication: Authentication): { acr: string; amr: string } {
  return { acr: authentication.acr, amr: JSON.stringify(authentication.amr) };
}

/** An authentication read back; rows from before issue 10 (no `acr`) stand for a password at `authTime`. */
export function toAuthentication(authTime: unknown, acr: unknown, amr: unknown): Authentication {
  const at = toEpoch(authTime);
  if (typeof acr !== 'string' || acr === '') return passwordAuthentication(at);
  return { authTime: at, acr, amr: parseJsonList(amr) };
}

/** A session's factors as stored (JSON); a session from before issue 10 (null) was a password at `authTime`. */
export function toFactors(value: unknown, authTime: number): AuthenticationFactor[] {
  if (typeof value !== 'string' || value === '') return [{ kind: 'password', at: authTime }];
  return JSON.parse(value) as AuthenticationFactor[];
}
