import { secretMatches } from '../crypto/random.js';

/** Compares a submitted CSRF token with the expected one in constant time. */
export function csrfTokenMatches(submitted: unknown, expected: string): boolean {
  return secretMatches(submitted, expected);
}
