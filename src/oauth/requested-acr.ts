import { acrSatisfies, isAcrValue, type AcrValue } from './authentication-levels.js';

type Params = Readonly<Record<string, unknown>>;

/** The level an authorization request asks for, and whether it insists (an essential `acr` claim). */
export interface RequestedAcr {
  readonly acr?: AcrValue;
  /** OIDC Core §5.5.1.1: an essential `acr` that cannot be met fails the request instead of being ignored. */
  readonly essential: boolean;
}

/** The weakest of the values Latchkey knows: meeting it meets the request (any listed value will do). */
function weakestKnown(values: readonly unknown[]): AcrValue | undefined {
  const known = values.filter((value): value is AcrValue => typeof value === 'string' && isAcrValue(value));
  return known.reduce<AcrValue | undefined>((weakest, value) => (weakest === undefined || acrSatisfies(weakest, value) ? value : weakest), undefined);
}

/** The stronger of two requested levels. */
function stronger(a: AcrValue | undefined, b: AcrValue | undefined): AcrValue | undefined {
  if (a === undefined) return b;
  if (b === undefined) return a;
  return acrSatisfies(a, b) ? a : b;
}

/** OIDC Core §5.5.1.1: the `acr` member of the `claims` parameter's `id_token` object (`value` or `values`, maybe `essential`). */
function claimsAcr(raw: string, invalid: (description: string) => never): { values: unknown[]; essential: boolean } | undefined {
  let claims: unknown;
  try {
    claims = JSON.parse(raw);
  } catch {
    return invalid('The claims parameter is not valid JSON.');
  }
  if (typeof claims !== 'object' || claims === null || Array.isArray(claims)) return invalid('The claims parameter must be a JSON object.');
  const idToken = (claims as Record<string, unknown>).id_token;
  if (idToken === undefined || idToken === null) return undefined;
  if (typeof idToken !== 'object' || Array.isArray(idToken)) return invalid('The claims parameter\'s id_token member must be an object.');
  const acr = (idToken as Record<string, unknown>).acr;
  // §5.5.1: null asks for the claim in the default manner; there is no level to meet.
  if (acr === undefined || acr === null) return undefined;
  if (typeof acr !== 'object' || Array.isArray(acr)) return invalid('The acr claim request must be null or an object.');
  const { value, values, essential } = acr as Record<string, unknown>;
  if (values !== undefined && !Array.isArray(values)) return invalid('The acr claim request\'s values must be an array.');
  const listed = [...(value === undefined ? [] : [value]), ...((values as unknown[] | undefined) ?? [])];
  return { values: listed, essential: essential === true };
}

/**
 * The level an authorization request asks for, from `acr_values` (OIDC Core §3.1.2.1: voluntary, in order
 * of preference) and the `claims` parameter's `id_token.acr` (§5.5.1.1). Values Latchkey does not know are
 * ignored; with both, the stronger request wins. Other members of `claims` are accepted and not acted on.
 * An essential `acr` none of whose values Latchkey knows can never be met: `unmet` is called.
 */
export function requestedAcrOf(params: Params, invalid: (description: string) => never, unmet: (description: string) => never): RequestedAcr {
  const acrValues = typeof params.acr_values === 'string' ? params.acr_values.split(' ').filter(Boolean) : [];
  const fromClaims = typeof params.claims === 'string' && params.claims !== '' ? claimsAcr(params.claims, invalid) : undefined;
  const claimsLevel = fromClaims ? weakestKnown(fromClaims.values) : undefined;
  const essential = fromClaims?.essential === true && fromClaims.values.length > 0;
  if (essential && claimsLevel === undefined) unmet('None of the essential acr values is supported.');
  const acr = stronger(weakestKnown(acrValues), claimsLevel);
  return { ...(acr === undefined ? {} : { acr }), essential };
}
