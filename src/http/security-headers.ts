import type { RequestHandler } from 'express';

/**
 * Headers every API response carries. Token responses must not be cached
 * (RFC 6749 §5.1); discovery documents override Cache-Control themselves.
 */
export const apiSecurityHeaders: RequestHandler = (_req, res, next) => {
  res.setHeader('X-Content-Type-Options', 'nosniff');
  res.setHeader('Referrer-Policy', 'no-referrer');
  res.setHeader('Content-Security-Policy', "default-src 'none'; frame-ancestors 'none'");
  res.setHeader('Cache-Control', 'no-store');
  res.setHeader('Pragma', 'no-cache');
  next();
};

/** `X-Content-Type-Options: nosniff` for everything, Swagger UI and the spec document included. */
export const noSniff: RequestHandler = (_req, res, next) => {
  res.setHeader('X-Content-Type-Options', 'nosniff');
  next();
};

/** Strict-Transport-Security for https issuers (RFC 6797). */
export function hsts(enabled: boolean): RequestHandler {
  return (_req, res, next) => {
    if (enabled) res.setHeader('Strict-Transport-Security', 'max-age=31536000; includeSubDomains');
    next();
  };
}

/**
 * Swagger UI's own policy, as strict as it runs under: its scripts and styles come from /docs only, its
 * React components set inline styles (`'unsafe-inline'` for styles, never for scripts), its icons are
 * `data:` images, and "Try it out" and the Authorize button call this server only. No framing.
 */
const docsPolicy = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "form-action 'none'",
  "base-uri 'none'",
  "frame-ancestors 'none'",
].join('; ');

/** Headers of Swagger UI's page and assets under /docs. */
export const docsSecurityHeaders: RequestHandler = (_req, res, next) => {
  res.setHeader('Content-Security-Policy', docsPolicy);
  res.setHeader('Referrer-Policy', 'no-referrer');
  next();
};

/** Headers of /openapi.yaml: a document, never a page. */
export const specSecurityHeaders: RequestHandler = (_req, res, next) => {
  res.setHeader('Content-Security-Policy', "default-src 'none'; frame-ancestors 'none'");
  res.setHeader('Referrer-Policy', 'no-referrer');
  next();
};
