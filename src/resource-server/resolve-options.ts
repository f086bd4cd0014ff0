import type { ResourceServerOptions } from './options.js';
import { isLoopbackHost } from './loopback.js';

/** {@link ResourceServerOptions} checked and with defaults applied. */
export type ResolvedOptions = Required<Omit<ResourceServerOptions, 'revocation'>> &
  Pick<ResourceServerOptions, 'revocation'>;

// RFC 8725 §2.1, §3.1: only asymmetric algorithms, so neither `none` nor a key-confusion HMAC.
const asymmetric = new Set([
  'ES256', 'ES384', 'ES512', 'RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512', 'EdDSA', 'Ed25519',
]);
const maxClockToleranceS = 300;

/** The `realm` of every `WWW-Authenticate: Bearer` challenge unless the options name another. */
export const defaultRealm = 'latchkey';

/**
 * Validates the options and applies defaults. Bad configuration fails here, at start-up, never
 * on a request.
 *
 * @throws TypeError naming the offending option.
 */
export function resolveOptions(options: ResourceServerOptions): ResolvedOptions {
  const { issuer, audience, keys, revocation } = options;
  requireString('issuer', issuer);
  requireString('audience', audience);
  const algorithms = options.algorithms ?? ['ES256'];
  if (!Array.isArray(algorithms) || algorithms.length === 0) fail('algorithms must be a non-empty array');
  for (const alg of algorithms) {
    if (!asymmetric.has(alg)) fail(`algorithm ${JSON.stringify(alg)} is not allowed; use an asymmetric one`);
  }
  if (keys === null || typeof keys !== 'object') fail('keys is required');
  if ('jwksUri' in keys === 'getKey' in keys) fail('keys needs exactly one of jwksUri or getKey');
  if ('jwksUri' in keys) requireUrl('keys.jwksUri', keys.jwksUri);
  else if (typeof keys.getKey !== 'function') fail('keys.getKey must be a function');
  if (revocation !== undefined) {
    if ('introspection' in revocation) {
      requireUrl('revocation.introspection.endpoint', revocation.introspection.endpoint);
      requireString('revocation.introspection.clientId', revocation.introspection.clientId);
      requireString('revocation.introspection.clientSecret', revocation.introspection.clientSecret);
    } else if (typeof revocation.isRevoked !== 'function') {
      fail('revocation needs introspection or an isRevoked function');
    }
  }
  const realm = options.realm ?? defaultRealm;
  // RFC 9110 §5.6.4: a quoted-string holds printable characters only.
  if (typeof realm !== 'string' || !/^[\x20-\x7e]*$/.test(realm)) fail('realm must be printable ASCII');
  const clockToleranceS = options.clockToleranceS ?? 5;
  if (!Number.isFinite(clockToleranceS) || clockToleranceS < 0 || clockToleranceS > maxClockToleranceS) {
    fail(`clockToleranceS must be between 0 and ${maxClockToleranceS}`);
  }
  const now = options.now ?? Date.now;
  if (typeof now !== 'function') fail('now must be a function returning epoch milliseconds');
  return { issuer, audience, algorithms: [...algorithms], keys, revocation, realm, clockToleranceS, now };
}

function requireString(name: string, value: unknown): void {
  if (typeof value !== 'string' || value === '') fail(`${name} must be a non-empty string`);
}

function requireUrl(name: string, value: unknown): void {
  requireString(name, value);
  let url: URL;
  try {
    url = new URL(value as string);
  } catch {
    fail(`${name} must be an absolute URL`);
  }
  if (url.protocol === 'https:') return;
  if (url.protocol === 'http:' && isLoopbackHost(url.hostname)) return;
  fail(`${name} must use https (http is allowed for loopback hosts only)`);
}

function fail(message: string): never {
  throw new TypeError(`createResourceServer: ${message}`);
}
