import type { Authentication, AuthenticationFactor } from '../domain/authentication.js';
import { acrLevels, type AcrValue } from './authentication-levels.js';

/** RFC 8176 §2 values of one factor; a recovery code is a one-time password (`otp`). */
function methodsOf(factor: AuthenticationFactor): string[] {
  switch (factor.kind) {
    case 'password':
      return ['pwd'];
    case 'totp':
    case 'recovery_code':
      return ['otp'];
    case 'passkey':
      // RFC 8176 §2: `hwk` a hardware-secured key, `swk` a software-secured (synced) one; `user` the user's verification.
      return [factor.synced ? 'swk' : 'hwk', ...(factor.userVerified ? ['user'] : [])];
  }
}

/** How many independent factors the sign-in used: a passkey with user verification counts two (possession and the user's gesture or PIN). */
function factorCount(factors: readonly AuthenticationFactor[]): number {
  return factors.reduce((n, factor) => n + (factor.kind === 'passkey' && factor.userVerified ? 2 : 1), 0);
}

/** The RFC 8176 `amr` of a sign-in; two or more factors add `mfa` (§2). */
export function amrOf(factors: readonly AuthenticationFactor[]): string[] {
  const methods = [...new Set(factors.flatMap(methodsOf))];
  return factorCount(factors) >= 2 ? [...methods, 'mfa'] : methods;
}

/** The level a sign-in reached: a verified passkey is phishing-resistant, two factors are multi-factor, else password. */
export function acrOf(factors: readonly AuthenticationFactor[]): AcrValue {
  if (factors.some((factor) => factor.kind === 'passkey' && factor.userVerified)) return acrLevels.phishingResistant;
  return factorCount(factors) >= 2 ? acrLevels.multiFactor : acrLevels.password;
}

/** The `auth_time`, `acr` and `amr` of a sign-in made of `factors` (at least one). */
export function authenticationOf(factors: readonly AuthenticationFactor[]): Authentication {
  return { authTime: Math.max(...factors.map((factor) => factor.at)), acr: acrOf(factors), amr: amrOf(factors) };
}

/** The factors given within the last `maxAgeS` seconds (all of them without a `max_age`), OIDC Core §3.1.2.1. */
export function recentFactors(factors: readonly AuthenticationFactor[], now: number, maxAgeS: number | undefined): AuthenticationFactor[] {
  if (maxAgeS === undefined) return [...factors];
  return factors.filter((factor) => now - factor.at <= maxAgeS * 1000);
}
