/** A request refused by a rate limit or an account lockout: 429 with `Retry-After` (RFC 6585 §4). */
export class RateLimitedError extends Error {
  constructor(
    /** Whole seconds until the client may try again. */
    readonly retryAfterS: number,
    /** Safe to show: the `error_description`. */
    readonly description: string,
  ) {
    super(description);
    this.name = 'RateLimitedError';
  }
}

export const tooManyRequests = (retryAfterS: number): RateLimitedError =>
  new RateLimitedError(retryAfterS, `Too many requests. Retry after ${retryAfterS} seconds.`);

export const tooManyClientFailures = (retryAfterS: number): RateLimitedError =>
  new RateLimitedError(retryAfterS, `Too many failed client authentications. Retry after ${retryAfterS} seconds.`);

export const tooManySignInFailures = (retryAfterS: number): RateLimitedError =>
  new RateLimitedError(retryAfterS, `Too many failed sign-in attempts. Retry after ${retryAfterS} seconds.`);
