import type { ClientRecord } from '../domain/records.js';
import type { RequestMeta } from '../services/audit.js';

/** Form parameters of a token request, after duplicates were rejected. */
export type TokenParams = Readonly<Record<string, string | undefined>>;

/** A successful token response (RFC 6749 §5.1). */
export interface TokenResult {
  access_token: string;
  token_type: 'Bearer';
  expires_in: number;
  refresh_token?: string;
  scope?: string;
  id_token?: string;
}

/** One grant type of the token endpoint, named by its `grant_type` wire value. */
export interface TokenGrant {
  readonly grantType: string;
  /** Handles a request from an authenticated client that is registered for this grant. */
  handle(params: TokenParams, client: ClientRecord, meta: RequestMeta): Promise<TokenResult>;
}

/** Reads a required parameter or fails with `invalid_request`. */
export function requireParam(params: TokenParams, name: string, error: (d: string) => Error): string {
  const value = params[name];
  if (value === undefined || value === '') throw error(`The ${name} parameter is required.`);
  return value;
}
