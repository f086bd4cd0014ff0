import type { RequestHandler } from 'express';
import type { CorsPolicy } from './operation.js';

export type { CorsPolicy } from './operation.js';

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

/** Adds the CORS headers of `policy` to actual (non-preflight) requests that carry an `Origin`. */
export function applyCors(policy: CorsPolicy, allowedOrigins: () => Promise<ReadonlySet<string>>): RequestHandler {
  return (req, res, next) => {
    const origin = req.headers.origin;
    if (!origin) return next();
    const lookup = policy === 'any-origin' ? Promise.resolve(new Set<string>()) : allowedOrigins();
    lookup
      .then((allowed) => {
        for (const [name, value] of Object.entries(corsHeaders(policy, origin, allowed, false))) res.setHeader(name, value);
        next();
      })
      .catch(next);
  };
}
