import { createHash } from 'node:crypto';
import { decodeProtectedHeader, errors, jwtVerify } from 'jose';
import { signCompactJws } from './jws.js';
import type { Keystore } from './keystore.js';

/** Claims of an ID token (OIDC Core §2). */
export interface IdTokenClaims {
  iss: string;
  sub: string;
  aud: string;
  azp: string;
  exp: number;
  iat: number;
  auth_time: number;
  nonce?: string;
  at_hash?: string;
  /** The level of the sign-in (OIDC Core §2). */
  acr: string;
  /** RFC 8176 method references. */
  amr: string[];
}

/** OIDC Core §3.1.3.6: the left half of the SHA-256 of the access token, base64url (for RS256 and ES256). */
export function accessTokenHash(accessToken: string): string {
  const digest = createHash('sha256').update(accessToken, 'ascii').digest();
  return digest.subarray(0, digest.length / 2).toString('base64url');
}

/** Signs an ID token with the active key of the client's registered algorithm (RS256 by default, OIDC Core §15.1). */
export async function signIdToken(keystore: Keystore, alg: 'RS256' | 'ES256', claims: IdTokenClaims): Promise<string> {
  const key = keystore.signingKey(alg);
  return signCompactJws({ alg, typ: 'JWT', kid: key.kid }, claims, key.signingKeyObject);
}

/**
 * Verifies an ID token we issued, ignoring expiry (RP-Initiated Logout §2 accepts
 * expired hints); returns undefined for anything that is not ours or not an ID token.
 */
export async function verifyIdTokenHint(keystore: Keystore, token: string, issuer: string): Promise<IdTokenClaims | undefined> {
  try {
    const { kid, alg } = decodeProtectedHeader(token);
    const key = kid ? keystore.verificationKey(kid) : undefined;
    if (!key || key.alg !== alg) return undefined;
    // RP-Initiated Logout §2: the hint is "ID Token previously issued by the OP". Our access tokens are JWTs
    // signed by the same keys, so check the type (RFC 9068 §2.1 gives them typ at+jwt; ID tokens carry JWT)
    // and the claims only an ID token has (OIDC Core §2): azp naming its audience, auth_time.
    const { payload } = await jwtVerify(token, key.publicKey, {
      algorithms: ['RS256', 'ES256'],
      typ: 'JWT',
      issuer,
      currentDate: new Date(0),
      requiredClaims: ['sub', 'aud', 'azp', 'auth_time', 'iat'],
    });
    if (typeof payload.aud !== 'string' || payload.aud !== payload.azp || 'client_id' in payload || 'scope' in payload) return undefined;
    return payload as unknown as IdTokenClaims;
  } catch (error) {
    if (error instanceof errors.JOSEError || error instanceof TypeError || error instanceof SyntaxError) return undefined;
    throw error;
  }
}
