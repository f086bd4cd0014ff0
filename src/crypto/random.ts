import { createHash, randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';

/** A random base64url string carrying `bytes * 8` bits of entropy (default 256). */
export function randomToken(bytes = 32): string {
  return randomBytes(bytes).toString('base64url');
}

const alphanumeric = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

/**
 * A random identifier of `length` letters and digits (default 22, about 131 bits). Unlike base64url it never
 * starts with `-`, so it can be passed to a command line as it is, and it needs no escaping anywhere.
 */
export function randomIdentifier(length = 22): string {
  let out = '';
  while (out.length < length) {
    for (const byte of randomBytes(length)) {
      // 248 = 4 * 62: rejecting higher bytes keeps every character equally likely.
      if (byte < 248 && out.length < length) out += alphanumeric[byte % 62];
    }
  }
  return out;
}

/** A random UUID v4 for row ids and `jti`s. */
export function randomId(): string {
  return randomUUID();
}

/** SHA-256 as lowercase hex; how high-entropy secrets and tokens are stored. */
export function sha256Hex(value: string): string {
  return createHash('sha256').update(value, 'utf8').digest('hex');
}

/** Compares two hex digests of equal length in constant time. */
export function digestsEqual(a: string, b: string): boolean {
  const left = Buffer.from(a, 'hex');
  const right = Buffer.from(b, 'hex');
  return left.length === right.length && left.length > 0 && timingSafeEqual(left, right);
}

/** Compares a presented secret (a CSRF token, the metrics token) with the expected one in constant time: both are hashed first, so their lengths leak nothing. */
export function secretMatches(presented: unknown, expected: string): boolean {
  return typeof presented === 'string' && presented.length > 0 && digestsEqual(sha256Hex(presented), sha256Hex(expected));
}
