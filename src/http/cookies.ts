/**
 * The cookies Latchkey sets: the sign-in session, the sign-in in progress, and the client whose
 * sign-in just ended (so that Back shows "already complete" instead of an error).
 */
export type CookieName = 'session' | 'interaction' | 'completed';

/** Set a cookie (value and lifetime), or clear it (`value: null`). */
export interface CookieInstruction {
  readonly name: CookieName;
  readonly value: string | null;
  readonly maxAgeS?: number;
}

const names: Record<CookieName, string> = { session: 'latchkey_session', interaction: 'latchkey_interaction', completed: 'latchkey_completed' };

/** With `Secure`, the `__Host-` prefix also pins the cookie to this host and path `/` (RFC 6265bis §4.1.3.2). */
function wireName(name: CookieName, secure: boolean): string {
  return secure ? `__Host-${names[name]}` : names[name];
}

/** Reads Latchkey's cookies from a `Cookie` header; other cookies are ignored. */
export function readCookies(header: string | undefined, secure: boolean): Partial<Record<CookieName, string>> {
  const found: Partial<Record<CookieName, string>> = {};
  for (const part of (header ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq < 0) continue;
    const key = part.slice(0, eq).trim();
    const value = part.slice(eq + 1).trim();
    for (const name of Object.keys(names) as CookieName[]) if (key === wireName(name, secure)) found[name] = value;
  }
  return found;
}

/** `HttpOnly; SameSite=Lax; Path=/`, plus `Secure` in production or behind an https issuer. */
export function serializeCookie(cookie: CookieInstruction, secure: boolean): string {
  const attributes = ['Path=/', 'HttpOnly', 'SameSite=Lax', ...(secure ? ['Secure'] : [])];
  if (cookie.value === null) return [`${wireName(cookie.name, secure)}=`, 'Max-Age=0', ...attributes].join('; ');
  const lifetime = cookie.maxAgeS !== undefined ? [`Max-Age=${cookie.maxAgeS}`] : [];
  return [`${wireName(cookie.name, secure)}=${cookie.value}`, ...lifetime, ...attributes].join('; ');
}
