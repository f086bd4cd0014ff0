import { acrLevels, acrSatisfies, type AcrValue } from './authentication-levels.js';

/** What decides the level a sign-in must reach. */
export interface LevelPolicy {
  /** The client registered with `require_mfa`, or LATCHKEY_MFA=required. */
  readonly secondFactorRequired: boolean;
  /** The user has enrolled a second factor: it is always asked for (never a password alone). */
  readonly userHasSecondFactor: boolean;
  /** The level the request asks for (`acr_values`, the `acr` claim request). */
  readonly requested?: AcrValue | undefined;
  /** Whether a passkey sign-in can be offered (the phishing-resistant level); until then `phr` cannot be met. */
  readonly phishingResistantAvailable: boolean;
}

/** The level needed, or `unmet` when the request insists on one that cannot be reached. */
export type RequiredLevel = { readonly kind: 'level'; readonly acr: AcrValue } | { readonly kind: 'unmet' };

/**
 * The level a sign-in must reach: the client's or server's minimum, a second factor for a user who has one,
 * raised (never lowered) by the request. OIDC Core §3.1.2.1 makes `acr_values` voluntary: a level that cannot
 * be offered is met as closely as possible; an essential `acr` (§5.5.1.1) that cannot be met is `unmet`.
 */
export function requiredLevel(policy: LevelPolicy, essential: boolean): RequiredLevel {
  const minimum = policy.secondFactorRequired || policy.userHasSecondFactor ? acrLevels.multiFactor : acrLevels.password;
  let requested = policy.requested;
  if (requested === acrLevels.phishingResistant && !policy.phishingResistantAvailable) {
    if (essential) return { kind: 'unmet' };
    requested = acrLevels.multiFactor;
  }
  const acr = requested !== undefined && !acrSatisfies(minimum, requested) ? requested : minimum;
  return { kind: 'level', acr };
}
