import { createHash } from 'node:crypto';

/** A strong ETag for fixed bytes (RFC 9110 §8.8.3). */
export function etagOf(bytes: Buffer): string {
  return `"${createHash('sha256').update(bytes).digest('base64url').slice(0, 27)}"`;
}

/** RFC 9110 §13.1.2: whether `If-None-Match` names the current ETag (weak comparison) or `*`. */
export function notModified(ifNoneMatch: string | undefined, etag: string): boolean {
  const presented = (ifNoneMatch ?? '').split(',').map((tag) => tag.trim().replace(/^W\//, ''));
  return presented.includes(etag) || presented.includes('*');
}
