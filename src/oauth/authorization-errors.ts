import { quoteInput } from './errors.js';

/** Where and how an authorization response is delivered. */
export interface ResponseTarget {
  redirectUri: string;
  responseMode: ResponseMode;
  state: string | undefined;
}

/** RFC 6749 §4.1.2.1 / §4.2.2.1 error codes, plus OIDC Core §3.1.2.6 ones and OpenID Connect Core Unmet Authentication Requirements 1.0 §2. */
export type AuthorizationErrorCode =
  | 'invalid_request'
  | 'unauthorized_client'
  | 'access_denied'
  | 'unsupported_response_type'
  | 'invalid_scope'
  | 'invalid_target'
  | 'server_error'
  | 'temporarily_unavailable'
  | 'login_required'
  | 'consent_required'
  | 'interaction_required'
  | 'unmet_authentication_requirements';

/** Why a request is refused with a page before its client and redirect URI are verified. */
export type PageErrorReason = 'repeated_client' | 'unregistered_client' | 'unregistered_redirect' | 'missing_redirect' | 'long_state';

const pageErrorDescriptions: Readonly<Record<PageErrorReason, string>> = {
  repeated_client: 'The request repeats client_id or redirect_uri.',
  unregistered_client: 'The application that sent you here is not registered.',
  unregistered_redirect: 'The application asked to return you to an address it has not registered.',
  missing_redirect: 'The application did not say where to return you.',
  long_state: 'The application sent a state or nonce parameter that is too long.',
};

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
    /** Set for page errors: the page words it in the person's language. */
    readonly reason?: PageErrorReason,
  ) {
    super(`${code}: ${description}`);
    this.name = 'AuthorizationError';
  }

  /** An error shown to the person at the browser. */
  static page(reason: PageErrorReason): AuthorizationError {
    return new AuthorizationError('invalid_request', pageErrorDescriptions[reason], undefined, reason);
  }

  /** An error returned to the client's verified redirect URI. */
  static redirect(code: AuthorizationErrorCode, description: string, target: ResponseTarget): AuthorizationError {
    return new AuthorizationError(code, quoteInput(description, 200), target);
  }
}
