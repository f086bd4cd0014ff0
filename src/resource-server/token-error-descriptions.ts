import { errors } from 'jose';

const byCode: Record<string, string> = {
  ERR_JWT_EXPIRED: 'The access token has expired.',
  ERR_JOSE_ALG_NOT_ALLOWED: 'The access token is signed with an algorithm that is not accepted.',
  ERR_JWS_SIGNATURE_VERIFICATION_FAILED: 'The access token signature is invalid.',
  ERR_JWKS_NO_MATCHING_KEY: 'The access token is signed with an unknown key.',
  ERR_JWS_INVALID: 'The access token is malformed.',
  ERR_JWT_INVALID: 'The access token is malformed.',
};

const byClaim: Record<string, string> = {
  // RFC 9068 §4: resource servers MUST check that `typ` is `at+jwt` (or `application/at+jwt`).
  typ: 'The token is not a JWT access token.',
  iss: 'The access token was issued by an unexpected issuer.',
  aud: 'The access token is not intended for this resource server.',
  nbf: 'The access token is not valid yet.',
};

/**
 * Maps a verification failure to a fixed, client-safe `error_description`; jose's own messages
 * are never sent.
 */
export function describeTokenError(error: unknown): string {
  if (error instanceof errors.JWTClaimValidationFailed) {
    if (error.reason === 'missing') return 'The access token is missing a required claim.';
    return byClaim[error.claim] ?? 'The access token has an invalid claim.';
  }
  if (error instanceof errors.JOSEError) return byCode[error.code] ?? 'The access token is invalid.';
  return 'The access token is invalid.';
}
