import { createHash, timingSafeEqual } from 'node:crypto';

/** RFC 7636 §4.1: code_verifier = 43*128unreserved. */
export const codeVerifierPattern = /^[A-Za-z0-9\-._~]{43,128}$/;

/** An S256 challenge is BASE64URL(SHA256(verifier)): 43 characters, no padding (RFC 7636 §4.2). */
export const s256ChallengePattern = /^[A-Za-z0-9_-]{43}$/;

/** RFC 7636 §4.6: BASE64URL-ENCODE(SHA256(ASCII(code_verifier))) == code_challenge, compared in constant time. */
export function verifierMatchesChallenge(verifier: string, challenge: string): boolean {
  const computed = Buffer.from(createHash('sha256').update(verifier, 'ascii').digest('base64url'));
  const expected = Buffer.from(challenge);
  return computed.length === expected.length && timingSafeEqual(computed, expected);
}
