import { createHash, randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';

/** A random base64url string carrying `bytes * 8` bits of entropy (default 256). */
export function randomToken(bytes = 32): string {
  return randomBytes(bytes).toString('base64url');
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
