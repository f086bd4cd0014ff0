import type { TokenRequest, TokenResponse } from '../../generated/types.gen.js';
import type { ClientRecord } from '../domain/records.js';
import type { RequestMeta } from '../services/audit.js';

type KeysOfUnion<T> = T extends unknown ? keyof T : never;

/**
 * The form parameters of a token request, derived from openapi.yaml's `TokenRequest` (one branch per
 * grant): every parameter any grant knows, each optional, since a grant checks its own
 * (RFC 6749 §3.2: unknown parameters are ignored, so nothing else reaches a grant).
 */
export type TokenParams = { readonly [K in KeysOfUnion<TokenRequest>]?: string };

/** A successful token response (RFC 6749 §5.1), as openapi.yaml declares it. */
export type TokenResult = TokenResponse;

/** One grant type of the token endpoint, named by its `grant_type` wire value. */
export interface TokenGrant {
  readonly grantType: string;
  /** Handles a request from an authenticated client that is registered for this grant. */
  handle(params: TokenParams, client: ClientRecord, meta: RequestMeta): Promise<TokenResult>;
}

/** Reads a required parameter or fails with `invalid_request`. */
export function requireParam(params: TokenParams, name: keyof TokenParams, error: (d: string) => Error): string {
  const value = params[name];
  if (value === undefined || value === '') throw error(`The ${name} parameter is required.`);
  return value;
}
