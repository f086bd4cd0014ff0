import type { AuthorizationError, ResponseTarget } from './authorization-errors.js';

/** How an authorization response reaches the client: a redirect, or an auto-submitted form (form_post). */
export type AuthorizationResponse = { kind: 'redirect'; location: string } | { kind: 'form_post'; redirectUri: string; fields: Record<string, string> };

/** Adds `state` (RFC 6749 §4.1.2) and `iss` (RFC 9207 §2) and encodes the response for its response mode. */
export function authorizationResponse(target: ResponseTarget, fields: Record<string, string>, issuer: string): AuthorizationResponse {
  const all: Record<string, string> = { ...fields, ...(target.state !== undefined ? { state: target.state } : {}), iss: issuer };
  if (target.responseMode === 'form_post') return { kind: 'form_post', redirectUri: target.redirectUri, fields: all };
  if (target.responseMode === 'fragment') {
    const base = target.redirectUri.split('#')[0] as string;
    return { kind: 'redirect', location: `${base}#${new URLSearchParams(all).toString()}` };
  }
  const url = new URL(target.redirectUri);
  for (const [name, value] of Object.entries(all)) url.searchParams.append(name, value);
  return { kind: 'redirect', location: url.toString() };
}

/** The error response for a verified redirect URI (RFC 6749 §4.1.2.1). */
export function authorizationErrorResponse(error: AuthorizationError & { target: ResponseTarget }, issuer: string): AuthorizationResponse {
  return authorizationResponse(error.target, { error: error.code, error_description: error.description }, issuer);
}
