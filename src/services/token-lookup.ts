import { AccessTokenClaims, verifyAccessToken } from '../crypto/access-token-jwt.js';
import type { Keystore } from '../crypto/keystore.js';
import { sha256Hex } from '../crypto/random.js';
import type { Stores } from '../store/index.js';
import type { RefreshFamilyRecord, RefreshTokenRecord } from '../store/records.js';
import { isAccessTokenRevoked } from './token-status.js';

/** A presented token, recognised as one of ours. */
export type FoundToken =
  | { kind: 'access_token'; claims: AccessTokenClaims; active: boolean }
  | { kind: 'refresh_token'; token: RefreshTokenRecord; family: RefreshFamilyRecord; active: boolean };

/** Access tokens are JWTs (three dot-separated parts); refresh tokens are opaque base64url. */
function looksLikeJwt(token: string): boolean {
  return token.split('.').length === 3;
}

/** Finds what a presented token is and whether it is active now; undefined when it is not ours at all. */
export async function lookUpToken(
  token: string,
  deps: { stores: Pick<Stores, 'revokedAccessTokens' | 'refreshTokens'>; keystore: Keystore; issuer: string; audience: string; now: number },
): Promise<FoundToken | undefined> {
  if (looksLikeJwt(token)) {
    const claims = await verifyAccessToken(deps.keystore, token, { issuer: deps.issuer, audience: deps.audience, now: deps.now });
    if (!claims) return undefined;
    return { kind: 'access_token', claims, active: !(await isAccessTokenRevoked(deps.stores, claims)) };
  }
  if (!/^[A-Za-z0-9_-]{43}$/.test(token)) return undefined;
  const found = await deps.stores.refreshTokens.findToken(sha256Hex(token));
  if (!found) return undefined;
  const { token: record, family } = found;
  const active = record.rotatedAt === null && family.revokedAt === null && record.expiresAt > deps.now && family.expiresAt > deps.now;
  return { kind: 'refresh_token', token: record, family, active };
}
