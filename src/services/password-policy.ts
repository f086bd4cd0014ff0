import { dictionary } from '@zxcvbn-ts/language-common';

/**
 * The rules a new password must meet, after NIST SP 800-63B-4 §3.1.1.2: a
 * minimum length (15 for a password used as a single factor, 8 at the least
 * when a second factor is required), a maximum of at least 64, no composition
 * rules, and a check against a blocklist of common and breached passwords.
 */
export interface PasswordPolicy {
  readonly minLength: number;
}

/** The most a password may have; long passphrases are welcome, unbounded input to the hash is not. */
export const maxPasswordLength = 1024;

/** The figure SP 800-63B-4 gives for passwords used as the only factor. */
export const defaultPasswordPolicy: PasswordPolicy = Object.freeze({ minLength: 15 });

let blocklist: ReadonlySet<string> | undefined;

/**
 * About 30,000 of the most common passwords from breach corpora, shipped with
 * `@zxcvbn-ts/language-common` (no network call), compared case-insensitively.
 */
function commonPasswords(): ReadonlySet<string> {
  blocklist ??= new Set(dictionary.passwords.map((p) => p.toLowerCase()));
  return blocklist;
}

/** SP 800-63B-4: "each Unicode code point SHALL be counted as a single character". */
const lengthOf = (password: string): number => [...password].length;

/**
 * Why `password` may not be set, as one line for the person choosing it; undefined when it may.
 * `username` is the context-specific word SP 800-63B-4 asks to refuse as well.
 */
export function passwordProblem(password: string, policy: PasswordPolicy, username?: string): string | undefined {
  const length = lengthOf(password);
  if (length < policy.minLength) return `password must be at least ${policy.minLength} characters (a few words make a good one); it has ${length}`;
  if (length > maxPasswordLength) return `password must be at most ${maxPasswordLength} characters`;
  const folded = password.toLowerCase();
  if (commonPasswords().has(folded)) return 'password is on the list of common and breached passwords: choose another';
  if (/^(.)\1*$/su.test(password)) return 'password must not be one character repeated: choose another';
  if (username !== undefined && folded === username.toLowerCase()) return 'password must not be the username: choose another';
  return undefined;
}
