import { decodeProtectedHeader, errors, jwtVerify } from 'jose';
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
  /** The refresh-token family or grant the token came from; revoking it revokes the token. */
  grant_id: string;
}

/** Only ES256 is accepted for access tokens (RFC 8725 §3.1). */
export const accessTokenAlgorithms = ['ES256'];

/** Signs an access token with the active ES256 key, `typ: at+jwt` (RFC 9068 §2.1). */
export async function signAccessToken(keystore: Keystore, claims: AccessTokenClaims): Promise<string> {
  const key = keystore.signingKey('ES256');
  return signCompactJws({ alg: 'ES256', typ: 'at+jwt', kid: key.kid }, claims, key.signingKeyObject);
}

/** Verifies signature, `typ`, `iss`, `aud` and expiry; returns undefined for any invalid token. */
export async function verifyAccessToken(
  keystore: Keystore,
  token: string,
  expected: { issuer: string; audience: string; now: number },
): Promise<AccessTokenClaims | undefined> {
  try {
    const { kid } = decodeProtectedHeader(token);
    const key = kid ? keystore.verificationKey(kid) : undefined;
    if (!key) return undefined;
    const { payload } = await jwtVerify(token, key.publicKey, {
      algorithms: accessTokenAlgorithms,
      typ: 'at+jwt',
      issuer: expected.issuer,
      audience: expected.audience,
      currentDate: new Date(expected.now),
      requiredClaims: ['sub', 'client_id', 'jti', 'exp', 'iat'],
    });
    return payload as unknown as AccessTokenClaims;
  } catch (error) {
    if (error instanceof errors.JOSEError || error instanceof TypeError || error instanceof SyntaxError) return undefined;
    throw error;
  }
}
