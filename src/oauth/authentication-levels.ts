import { acrLevels } from '../domain/authentication.js';

export { acrLevels };

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
