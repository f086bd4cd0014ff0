/**
 * The authentication context classes Latchkey publishes (`acr_values_supported`, OIDC Core §2 `acr`),
 * from the weakest to the strongest. A stronger level satisfies a request for a weaker one.
 */
export const acrLevels = {
  /** A password alone. */
  password: 'urn:latchkey:acr:pwd',
  /** A password and a second factor (TOTP, a recovery code or a passkey). */
  multiFactor: 'urn:latchkey:acr:mfa',
  /** A passkey with user verification: phishing-resistant (OpenID EAP ACR Values 1.0 §2 `phr`). */
  phishingResistant: 'phr',
} as const;

/** One of {@link acrLevels}. */
export type AcrValue = (typeof acrLevels)[keyof typeof acrLevels];

/** Every level, weakest first. */
export const acrValuesSupported: readonly AcrValue[] = [acrLevels.password, acrLevels.multiFactor, acrLevels.phishingResistant];

/** Whether `value` is one of the levels Latchkey knows. */
export function isAcrValue(value: string): value is AcrValue {
  return (acrValuesSupported as readonly string[]).includes(value);
}

/** Whether a sign-in at level `achieved` meets a request for level `wanted`. */
export function acrSatisfies(achieved: AcrValue, wanted: AcrValue): boolean {
  return acrValuesSupported.indexOf(achieved) >= acrValuesSupported.indexOf(wanted);
}
