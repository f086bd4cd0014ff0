import type { Response } from 'express';
import type { ResourceServerError } from './errors.js';

/** Seconds a client should wait after a 503, sent as `Retry-After`. */
export const RETRY_AFTER_S = 5;

/** Quotes a value as an RFC 9110 §5.6.4 quoted-string, escaping `\` and `"`. */
export function quote(value: string): string {
  return `"${value.replace(/[\\"]/g, '\\$&')}"`;
}

/**
 * RFC 6750 §3: "Values for the "error_description" attribute ... MUST NOT include characters outside
 * the set %x20-21 / %x23-5B / %x5D-7E": a `"`, a `\` or anything outside printable ASCII becomes `?`.
 */
function descriptionChars(description: string): string {
  return description.replace(/[^\x20\x21\x23-\x5B\x5D-\x7E]/g, '?');
}

/**
 * Builds the RFC 6750 §3 `WWW-Authenticate: Bearer` challenge for an error (with the RFC 9470 §3
 * `acr_values` and `max_age` of a step-up challenge): every value a quoted-string.
 * The one Bearer challenge writer: the authorization server's own error writer uses it too.
 */
export function bearerChallenge(error: ResourceServerError, realm: string): string {
  const params: [string, string][] = [['realm', realm]];
  // RFC 6750 §3.1: a request without authentication information gets no error code.
  if (error.code !== 'token_required') {
    params.push(['error', error.code]);
    if (error.description !== '') params.push(['error_description', descriptionChars(error.description)]);
  }
  if (error.code === 'insufficient_scope' && error.requiredScopes?.length) {
    params.push(['scope', error.requiredScopes.join(' ')]);
  }
  if (error.code === 'insufficient_user_authentication') {
    // RFC 9470 §3: `acr_values` is a space-separated list in order of preference; `max_age` a non-negative integer.
    if (error.acrValues?.length) params.push(['acr_values', error.acrValues.join(' ')]);
    if (error.maxAge !== undefined) params.push(['max_age', String(error.maxAge)]);
  }
  return `Bearer ${params.map(([name, value]) => `${name}=${quote(value)}`).join(', ')}`;
}

/**
 * Writes every error response of the resource server: status, `WWW-Authenticate` (or
 * `Retry-After` for 503) and the JSON body `{ error, error_description }`.
 */
export function writeError(res: Response, error: ResourceServerError, realm: string): void {
  if (error.code === 'temporarily_unavailable') {
    res.set('Retry-After', String(RETRY_AFTER_S));
  } else {
    res.set('WWW-Authenticate', bearerChallenge(error, realm));
  }
  const body =
    error.code === 'token_required'
      ? { error_description: error.description }
      : { error: error.code, error_description: error.description };
  res.status(error.status).json(body);
}
