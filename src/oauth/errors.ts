/** Every error code Latchkey answers with (RFC 6749 §5.2, RFC 7009 §2.2.1, RFC 6750 §3.1, RFC 8707 §2). */
export type OAuthErrorCode =
  | 'invalid_request'
  | 'invalid_client'
  | 'invalid_grant'
  | 'unauthorized_client'
  | 'unsupported_grant_type'
  | 'invalid_scope'
  | 'invalid_target'
  | 'unsupported_token_type'
  | 'invalid_token'
  | 'insufficient_scope'
  | 'server_error'
  | 'temporarily_unavailable';

const statusByCode: Record<OAuthErrorCode, number> = {
  invalid_request: 400,
  invalid_client: 401,
  invalid_grant: 400,
  unauthorized_client: 400,
  unsupported_grant_type: 400,
  invalid_scope: 400,
  invalid_target: 400,
  unsupported_token_type: 400,
  invalid_token: 401,
  insufficient_scope: 403,
  server_error: 500,
  temporarily_unavailable: 503,
};

/** A protocol error with a stable `code`. Its description is shown to the client, so it never holds internals. */
export class OAuthError extends Error {
  readonly status: number;

  constructor(
    readonly code: OAuthErrorCode,
    readonly description?: string,
  ) {
    super(description ? `${code}: ${description}` : code);
    this.name = 'OAuthError';
    this.status = statusByCode[code];
  }
}

/**
 * Quotes client input inside an `error_description`: RFC 6749 §5.2 limits it to
 * %x20-21 / %x23-5B / %x5D-7E, and echoing must stay short.
 */
export function quoteInput(value: string, max = 64): string {
  const safe = value.replace(/[^\x20\x21\x23-\x5B\x5D-\x7E]/g, '?');
  return safe.length > max ? `${safe.slice(0, max)}...` : safe;
}

export const invalidRequest = (description: string): OAuthError => new OAuthError('invalid_request', description);
export const invalidClient = (description = 'Client authentication failed.'): OAuthError => new OAuthError('invalid_client', description);
export const invalidGrant = (description: string): OAuthError => new OAuthError('invalid_grant', description);
export const invalidScope = (description: string): OAuthError => new OAuthError('invalid_scope', description);
/** RFC 8707 §2: the requested resource is invalid, unknown, or not one this client or grant may have a token for. */
export const invalidTarget = (description: string): OAuthError => new OAuthError('invalid_target', description);
export const unauthorizedClient = (description: string): OAuthError => new OAuthError('unauthorized_client', description);
export const unsupportedGrantType = (description: string): OAuthError => new OAuthError('unsupported_grant_type', description);
