/**
 * Reads `max-age` from a `Cache-Control` header value (RFC 9111 §5.2.2.1), in seconds. Returns
 * `undefined` when the directive is absent or malformed.
 */
export function parseMaxAge(cacheControl: string | null): number | undefined {
  if (cacheControl === null) return undefined;
  for (const directive of cacheControl.split(',')) {
    const [name = '', value = ''] = directive.split('=', 2);
    if (name.trim().toLowerCase() !== 'max-age') continue;
    const digits = value.trim().replace(/^"(\d+)"$/, '$1');
    return /^\d+$/.test(digits) ? Number(digits) : undefined;
  }
  return undefined;
}
