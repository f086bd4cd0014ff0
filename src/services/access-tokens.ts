import { type AccessTokenClaims, type ActorClaim, signAccessToken } from '../crypto/access-token-jwt.js';
import type { Keystore } from '../crypto/keystore.js';
import { randomId } from '../crypto/random.js';
import type { Authentication } from '../domain/authentication.js';

/** What an access token is issued for. */
export interface AccessTokenSubject {
  clientId: string;
  /** The user id, or the client id for client credentials. */
  subject: string;
  scopes: string[];
  /** The `aud`: the identifier of the one API the token is for (RFC 8707 §2, RFC 9068 §3). */
  audience: string;
  /** Its lifetime in seconds, when the API has its own; else the server's. */
  ttlS?: number | null | undefined;
  /** The latest `exp` (epoch seconds) it may have: an exchanged token ends no later than its subject token. */
  notAfter?: number | undefined;
  /** RFC 8693 §4.1: the actor chain of a delegated token. */
  act?: ActorClaim | undefined;
  grantId: string;
  /** The user's sign-in, for a user token (RFC 9068 §2.2.1). */
  authentication?: Authentication | undefined;
}

/** A signed access token and its lifetime. */
export interface IssuedAccessToken {
  token: string;
  expiresIn: number;
  claims: AccessTokenClaims;
}

/** Issues RFC 9068 JWT access tokens. */
export interface AccessTokenIssuer {
  issue(subject: AccessTokenSubject): Promise<IssuedAccessToken>;
}

export function createAccessTokenIssuer(deps: {
  keystore: Keystore;
  issuer: string;
  /** The lifetime of tokens for an API without one of its own. */
  ttlS: number;
  now: () => number;
}): AccessTokenIssuer {
  return {
    async issue(subject) {
      const iat = Math.floor(deps.now() / 1000);
      const exp = Math.min(iat + (subject.ttlS ?? deps.ttlS), subject.notAfter ?? Number.POSITIVE_INFINITY);
      const claims: AccessTokenClaims = {
        iss: deps.issuer,
        sub: subject.subject,
        aud: subject.audience,
        client_id: subject.clientId,
        scope: subject.scopes.join(' '),
        jti: randomId(),
        iat,
        exp,
        grant_id: subject.grantId,
        ...(subject.authentication
          ? { auth_time: Math.floor(subject.authentication.authTime / 1000), acr: subject.authentication.acr, amr: [...subject.authentication.amr] }
          : {}),
        ...(subject.act ? { act: subject.act } : {}),
      };
      return { token: await signAccessToken(deps.keystore, claims), expiresIn: exp - iat, claims };
    },
  };
}
