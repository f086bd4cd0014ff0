import type { RequestHandler } from 'express';

/** Who may call an endpoint from a browser: anyone (public documents) or origins that clients registered. */
export type CorsPolicy = 'any-origin' | 'registered-origins';

/** The CORS-enabled endpoints; everything else sends no CORS headers, so browsers refuse cross-origin calls. */
export const corsPolicies: Readonly<Record<string, CorsPolicy>> = {
  '/.well-known/oauth-authorization-server': 'any-origin',
  '/.well-known/openid-configuration': 'any-origin',
  '/jwks.json': 'any-origin',
  '/token': 'registered-origins',
  '/revoke': 'registered-origins',
  '/userinfo': 'registered-origins',
};

/**
 * CORS response headers (Fetch Standard §3.2). Public documents get `*`;
 * others echo an allowed origin. Credentials are never allowed, so `*` is never
 * combined with them.
 */
export function corsHeaders(policy: CorsPolicy, origin: string | undefined, allowed: ReadonlySet<string>, preflight: boolean): Record<string, string> {
  if (!origin) return {};
  const allowOrigin = policy === 'any-origin' ? '*' : allowed.has(origin) ? origin : undefined;
  if (!allowOrigin) return policy === 'registered-origins' ? { Vary: 'Origin' } : {};
  const headers: Record<string, string> = { 'Access-Control-Allow-Origin': allowOrigin };
  if (policy === 'registered-origins') headers.Vary = 'Origin';
  if (preflight) {
    headers['Access-Control-Allow-Methods'] = policy === 'any-origin' ? 'GET' : 'GET, POST';
    headers['Access-Control-Allow-Headers'] = 'Authorization, Content-Type';
    headers['Access-Control-Max-Age'] = '600';
  } else if (policy === 'registered-origins') {
    headers['Access-Control-Expose-Headers'] = 'WWW-Authenticate, Retry-After';
  }
  return headers;
}

/** Adds CORS headers to actual (non-preflight) requests of CORS-enabled endpoints. */
export function applyCors(allowedOrigins: () => Promise<ReadonlySet<string>>): RequestHandler {
  return (req, res, next) => {
    const policy = corsPolicies[req.path];
    const origin = req.headers.origin;
    if (!policy || !origin || req.method === 'OPTIONS') return next();
    const lookup = policy === 'any-origin' ? Promise.resolve(new Set<string>()) : allowedOrigins();
    lookup
      .then((allowed) => {
        for (const [name, value] of Object.entries(corsHeaders(policy, origin, allowed, false))) res.setHeader(name, value);
        next();
      })
      .catch(next);
  };
}
