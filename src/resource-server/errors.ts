/**
 * What went wrong, as a stable code TypeScript can switch on.
 *
 * - `token_required`: the request carried no bearer token. Answered 401 with a bare challenge and no
 *   `error` member (RFC 6750 §3.1).
 * - `invalid_request`, `invalid_token`, `insufficient_scope`: the RFC 6750 §3.1 error codes.
 * - `insufficient_user_authentication`: the token's authentication event is too weak or too old for
 *   the resource (RFC 9470 §3); answered 401 with `acr_values` and/or `max_age` in the challenge.
 * - `temporarily_unavailable`: the JWKS or introspection endpoint could not be reached; answered 503.
 */
export type ResourceServerErrorCode =
  | 'token_required'
  | 'invalid_request'
  | 'invalid_token'
  | 'insufficient_scope'
  | 'insufficient_user_authentication'
  | 'temporarily_unavailable';

const statuses: Record<ResourceServerErrorCode, number> = {
  token_required: 401,
  invalid_request: 400,
  invalid_token: 401,
  insufficient_scope: 403,
  insufficient_user_authentication: 401,
  temporarily_unavailable: 503,
};

/**
 * The one error type thrown by `verify()` and written by `requireToken()`. `description` is a fixed,
 * client-safe sentence; the underlying failure, if any, is kept on `cause` and never sent.
 */
export class ResourceServerError extends Error {
  /** Stable error code. */
  readonly code: ResourceServerErrorCode;
  /** HTTP status the error is answered with. */
  readonly status: number;
  /** Client-safe `error_description`. */
  readonly description: string;
  /** For `insufficient_scope`: every scope the resource requires (RFC 6750 §3.1 `scope` attribute). */
  readonly requiredScopes: readonly string[] | undefined;
  /** For `insufficient_user_authentication`: the accepted `acr` values, in order of preference (RFC 9470 §3 `acr_values`). */
  readonly acrValues: readonly string[] | undefined;
  /** For `insufficient_user_authentication`: the allowed seconds since the user last authenticated (RFC 9470 §3 `max_age`). */
  readonly maxAge: number | undefined;

  /**
   * @param code - the error code
   * @param description - a fixed, client-safe sentence
   * @param options - the internal `cause`; for `insufficient_scope`, the required scopes; for
   *   `insufficient_user_authentication`, the accepted `acr` values and the `max_age`
   */
  constructor(
    code: ResourceServerErrorCode,
    description: string,
    options: { cause?: unknown; requiredScopes?: readonly string[]; acrValues?: readonly string[]; maxAge?: number } = {},
  ) {
    super(description, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'ResourceServerError';
    this.code = code;
    this.status = statuses[code];
    this.description = description;
    this.requiredScopes = options.requiredScopes;
    this.acrValues = options.acrValues;
    this.maxAge = options.maxAge;
  }
}

/** Shorthand for a 401 `invalid_token` error. */
export function invalidToken(description: string, cause?: unknown): ResourceServerError {
  return new ResourceServerError('invalid_token', description, { cause });
}

/** A 503 `temporarily_unavailable` error for an unreachable JWKS or introspection endpoint. */
export function temporarilyUnavailable(cause?: unknown): ResourceServerError {
  return new ResourceServerError(
    'temporarily_unavailable',
    'Access tokens cannot be checked right now, try again later.',
    { cause },
  );
}
