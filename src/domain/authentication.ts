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

/**
 * One way the user proved who they are during a sign-in, and when (epoch ms). A passkey records
 * whether it is synced (backup-eligible) and whether the authenticator verified the user.
 */
export type AuthenticationFactor =
  | { readonly kind: 'password'; readonly at: number }
  | { readonly kind: 'totp'; readonly at: number }
  | { readonly kind: 'recovery_code'; readonly at: number }
  | { readonly kind: 'passkey'; readonly at: number; readonly synced: boolean; readonly userVerified: boolean };

/** What a checked second factor proved, before it is given its time: an {@link AuthenticationFactor} without `at`. */
export type ProvenFactor = { readonly kind: 'totp' } | { readonly kind: 'recovery_code' } | { readonly kind: 'passkey'; readonly synced: boolean; readonly userVerified: boolean };

/**
 * The authentication behind a user's tokens (OIDC Core §2 `auth_time`, `acr`, `amr`), carried from
 * the browser session to the authorization code, the grant and every token issued from it.
 */
export interface Authentication {
  /** Epoch ms of the latest factor. */
  readonly authTime: number;
  /** One of the levels in `oauth/authentication-levels.ts`. */
  readonly acr: string;
  /** RFC 8176 method references. */
  readonly amr: readonly string[];
}

/** The authentication of a sign-in by password alone at `at`: what rows from before issue 10 stand for. */
export function passwordAuthentication(at: number): Authentication {
  return { authTime: at, acr: acrLevels.password, amr: ['pwd'] };
}
