import { digestsEqual, sha256Hex } from '../crypto/random.js';

/** Compares a submitted CSRF token with the expected one in constant time. */
export function csrfTokenMatches(submitted: unknown, expected: string): boolean {
  return typeof submitted === 'string' && submitted.length > 0 && digestsEqual(sha256Hex(submitted), sha256Hex(expected));
}
