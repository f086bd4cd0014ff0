import { signCompactJws } from './jws.js';
import type { Keystore } from './keystore.js';

/** The claims of a Latchkey access token (RFC 9068 §2.2). */
export interface AccessTokenClaims {
  iss: string;
  sub: string;
  aud: string;
  client_id: string;
  scope: string;
  jti: string;
  iat: number;
  exp: number;
  /** The grant the token came from; revoking the grant revokes the token. */
  grant_id: string;
  /** RFC 9068 §2.2.1, user tokens only: when and how the user signed in. */
  auth_time?: number;
  acr?: string;
  amr?: string[];
  /** RFC 8693 §4.1: the acting party of a delegated token, the previous actors nested in it. */
  act?: ActorClaim;
}

/** RFC 8693 §4.1 `act`: who acts for the subject; a nested `act` names the one before (only the outermost counts for access control). */
export interface ActorClaim {
  sub: string;
  client_id?: string;
  act?: ActorClaim;
}

/** Only ES256 is accepted for access tokens (RFC 8725 §3.1). */
export const accessTokenAlgorithms = ['ES256'];

/** Signs an access token with the active ES256 key, `typ: at+jwt` (RFC 9068 §2.1). */
export async function signAccessToken(keystore: Keystore, claims: AccessTokenClaims): Promise<string> {
  const key = keystore.signingKey('ES256');
  return signCompactJws({ alg: 'ES256', typ: 'at+jwt', kid: key.kid }, claims, key.signingKeyObject);
}
