import { errors, jwtVerify, type JWTPayload, type JWTVerifyGetKey } from 'jose';
import type { VerifiedAccessToken } from './access-token.js';
import { readAuthenticationContext } from './authentication-claims.js';
import { readActor } from './actor.js';
import { invalidToken } from './errors.js';
import { describeTokenError } from './token-error-descriptions.js';

/**
 * For the issuer's own token endpoints only (revocation and introspection): a token of any audience, whose
 * `aud` is then judged by the caller. A resource server always names its audience.
 */
export const anyAudience = Symbol('any audience');

/** What local verification needs. */
export interface AccessTokenVerifierOptions {
  issuer: string;
  /** The audience the token must name; with a list, any one of them; {@link anyAudience}: any (`aud` still required). */
  audience: string | string[] | typeof anyAudience;
  algorithms: string[];
  getKey: JWTVerifyGetKey;
  clockToleranceS: number;
  /** The clock, epoch milliseconds; `exp`, `nbf` and `iat` are judged against it. */
  now: () => number;
}

/** Verifies one compact JWT locally: signature, header and claims, no revocation. */
export type AccessTokenVerifier = (token: string) => Promise<VerifiedAccessToken>;

// RFC 9068 §2.2: these claims are REQUIRED; `scope` (§2.2.3) is optional.
const requiredClaims = ['iss', 'exp', 'aud', 'sub', 'client_id', 'iat', 'jti'];

/** Carries a key resolver's own failure (JWKS outage, host bug) past the token-error mapping. */
class KeyResolverFailure {
  constructor(readonly error: unknown) {}
}

/**
 * Builds the local verifier. Every failure caused by the token becomes `invalid_token`; a key
 * resolver's own non-jose error (an unreachable JWKS, a host bug) is rethrown unchanged.
 */
export function accessTokenVerifier(options: AccessTokenVerifierOptions): AccessTokenVerifier {
  const getKey: JWTVerifyGetKey = async (header, token) => {
    try {
      return await options.getKey(header, token);
    } catch (error) {
      throw error instanceof errors.JOSEError ? error : new KeyResolverFailure(error);
    }
  };
  const verifyOptions = {
    issuer: options.issuer,
    ...(options.audience === anyAudience ? {} : { audience: options.audience }),
    // RFC 8725 §3.1: only the configured algorithms, never the one the token asks for.
    algorithms: options.algorithms,
    // RFC 9068 §4: the `typ` header must be `at+jwt`; jose also accepts `application/at+jwt`.
    typ: 'at+jwt',
    requiredClaims,
    clockTolerance: options.clockToleranceS,
  };
  return async (token) => {
    let payload: JWTPayload;
    try {
      ({ payload } = await jwtVerify(token, getKey, { ...verifyOptions, currentDate: new Date(options.now()) }));
    } catch (error) {
      if (error instanceof KeyResolverFailure) throw error.error;
      throw invalidToken(describeTokenError(error), error);
    }
    return toVerifiedAccessToken(token, payload);
  };
}

function toVerifiedAccessToken(token: string, claims: JWTPayload): VerifiedAccessToken {
  const { sub, client_id: clientId, jti, scope, grant_id: grantId } = claims;
  if (
    !isNonEmptyString(sub) ||
    !isNonEmptyString(clientId) ||
    !isNonEmptyString(jti) ||
    (scope !== undefined && typeof scope !== 'string') ||
    (grantId !== undefined && !isNonEmptyString(grantId))
  ) {
    throw invalidToken('The access token has an invalid claim.');
  }
  // RFC 9068 §2.2.1: `acr`, `amr` and `auth_time` describe the user's sign-in when present.
  const authentication = readAuthenticationContext(claims);
  if (authentication === undefined) throw invalidToken('The access token has an invalid claim.');
  const act = readActor(claims.act);
  if (act === null) throw invalidToken('The access token has an invalid claim.');
  // RFC 9068 §2.2.3 and RFC 6749 §3.3: `scope` is a space-delimited list.
  const scopes = scope === undefined ? [] : scope.split(' ').filter((s) => s !== '');
  return { token, sub, clientId, scopes, jti, ...(grantId === undefined ? {} : { grantId }), ...authentication, ...(act === undefined ? {} : { act }), claims };
}

function isNonEmptyString(value: unknown): value is string {
  return typeof value === 'string' && value !== '';
}
