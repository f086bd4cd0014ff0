import { sha256Hex } from '../crypto/random.js';
import { ResourceServerError, type VerifiedAccessToken } from '../resource-server/index.js';
import type { AccessTokenVerifier } from '../resource-server/verify-access-token.js';
import type { Stores } from '../store/index.js';
import type { GrantRecord, RefreshTokenRecord } from '../domain/records.js';
import { isAccessTokenRevoked } from './token-status.js';

/** A presented token, recognised as one of ours. */
export type FoundToken =
  | { kind: 'access_token'; accessToken: VerifiedAccessToken; exp: number; iat: number; active: boolean }
  | { kind: 'refresh_token'; token: RefreshTokenRecord; grant: GrantRecord; active: boolean };

/** Access tokens are JWTs (three dot-separated parts); refresh tokens are opaque base64url. */
function looksLikeJwt(token: string): boolean {
  return token.split('.').length === 3;
}

async function verifiedOrUndefined(verify: AccessTokenVerifier, token: string): Promise<VerifiedAccessToken | undefined> {
  try {
    return await verify(token);
  } catch (error) {
    if (error instanceof ResourceServerError) return undefined;
    throw error;
  }
}

/** Finds what a presented token is and whether it is active now; undefined when it is not ours at all. */
export async function lookUpToken(
  token: string,
  deps: { stores: Pick<Stores, 'revokedAccessTokens' | 'refreshTokens'>; verifyAccessToken: AccessTokenVerifier; now: number },
): Promise<FoundToken | undefined> {
  if (looksLikeJwt(token)) {
    const accessToken = await verifiedOrUndefined(deps.verifyAccessToken, token);
    if (!accessToken) return undefined;
    // The verifier requires `exp` and `iat` (RFC 9068 §2.2) and jose checks that they are numbers.
    const { exp, iat } = accessToken.claims as { exp: number; iat: number };
    return { kind: 'access_token', accessToken, exp, iat, active: !(await isAccessTokenRevoked(deps.stores, accessToken)) };
  }
  if (!/^[A-Za-z0-9_-]{43}$/.test(token)) return undefined;
  const found = await deps.stores.refreshTokens.findToken(sha256Hex(token));
  if (!found) return undefined;
  const { token: record, grant } = found;
  const active = record.rotatedAt === null && grant.revokedAt === null && record.expiresAt > deps.now && grant.expiresAt > deps.now;
  return { kind: 'refresh_token', token: record, grant, active };
}
