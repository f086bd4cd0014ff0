/**
 * The one definition of a loopback host (RFC 8252 §8.3: `localhost`, 127.0.0.0/8 and `[::1]`), where
 * plain http is allowed: the resource-server options, the issuer setting and registered redirect URIs
 * and origins all use it. It lives here because this package may import nothing of the server.
 */
export function isLoopbackHost(hostname: string): boolean {
  return hostname === 'localhost' || hostname === '[::1]' || /^127(\.\d{1,3}){3}$/.test(hostname);
}
