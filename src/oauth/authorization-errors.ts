import { quoteInput } from './errors.js';

/** Where and how an authorization response is delivered. */
export interface ResponseTarget {
  redirectUri: string;
  responseMode: ResponseMode;
  state: string | undefined;
}

/** RFC 6749 §4.1.2.1 / §4.2.2.1 error codes, plus OIDC Core §3.1.2.6 ones. */
export type AuthorizationErrorCode =
  | 'invalid_request'
  | 'unauthorized_client'
  | 'access_denied'
  | 'unsupported_response_type'
  | 'invalid_scope'
  | 'server_error'
  | 'temporarily_unavailable'
  | 'login_required'
  | 'consent_required';

/** `query` and `fragment` (OAuth 2.0 Multiple Response Types §2.1) and `form_post` (Form Post Response Mode). */
export type ResponseMode = 'query' | 'fragment' | 'form_post';

/**
 * An error of the authorization endpoint. Before the client and redirect URI
 * are verified it is shown as a page (never a redirect: RFC 6749 §4.1.2.1);
 * after, it goes back to the client.
 */
export class AuthorizationError extends Error {
  private constructor(
    readonly code: AuthorizationErrorCode,
    readonly description: string,
    readonly target: ResponseTarget | undefined,
  ) {
    super(`${code}: ${description}`);
    this.name = 'AuthorizationError';
  }

  /** An error shown to the person at the browser. */
  static page(description: string): AuthorizationError {
    return new AuthorizationError('invalid_request', description, undefined);
  }

  /** An error returned to the client's verified redirect URI. */
  static redirect(code: AuthorizationErrorCode, description: string, target: ResponseTarget): AuthorizationError {
    return new AuthorizationError(code, quoteInput(description, 200), target);
  }
}
