import type { Response } from 'express';
import type { JWTPayload } from 'jose';
import type { Actor } from './actor.js';

/** A Latchkey access token (RFC 9068) that passed every check. */
export interface VerifiedAccessToken {
  /** The compact JWT as received. */
  token: string;
  /** `sub`: the resource owner, or the client itself for client credentials. */
  sub: string;
  /** `client_id`: the client the token was issued to. */
  clientId: string;
  /** `scope`, split on spaces; empty when the claim is absent. */
  scopes: string[];
  /** `jti`: the token id, the key for revocation look-ups. */
  jti: string;
  /** `grant_id`: the grant the token belongs to, when present. */
  grantId?: string;
  /**
   * `acr`: the authentication context class the user's sign-in met (RFC 9068 §2.2.1, OIDC Core §2), when
   * present; with introspection, the answer's `acr` when it has one (RFC 9470 §6.2).
   */
  acr?: string;
  /** `amr`: the authentication methods of the user's sign-in (RFC 9068 §2.2.1, RFC 8176), when present. */
  amr?: string[];
  /**
   * `auth_time`: when the user last actively authenticated, in epoch seconds (RFC 9068 §2.2.1), when
   * present; with introspection, the answer's `auth_time` when it has one (RFC 9470 §6.2).
   */
  authTime?: number;
  /** `act`: the actor chain of a delegated token (RFC 8693 §4.1), outermost first; absent when not delegated. */
  act?: Actor;
  /** Every verified claim. */
  claims: JWTPayload;
}

/** The `res.locals` key under which `requireToken()` stores the {@link VerifiedAccessToken}. */
export const ACCESS_TOKEN_LOCAL = 'accessToken';

/**
 * Returns the token `requireToken()` verified for this response (`res.locals.accessToken`).
 *
 * @throws Error when called on a route that is not behind `requireToken()`, a programming error.
 */
export function accessTokenOf(res: Response): VerifiedAccessToken {
  const token: unknown = res.locals[ACCESS_TOKEN_LOCAL];
  if (token === undefined) {
    throw new Error('accessTokenOf(res) called on a route that is not protected by requireToken()');
  }
  return token as VerifiedAccessToken;
}
