import type { ErrorRequestHandler, Request, RequestHandler, Response } from 'express';
import { presentedClientOf } from '../oauth/presented-client.js';
import type { RateLimitPolicy } from '../http/operation.js';
import { OAuthError } from '../oauth/errors.js';
import type { RateLimits } from './counters.js';
import { clientAddressKey, clientKey, ipKey } from './keys.js';
import { RateLimitedError, tooManyClientFailures, tooManyRequests } from './rate-limited-error.js';
import { rateLimitedPage } from './rate-limited-page.js';
import { negotiatedUi, type Brand } from '../interaction/pages/index.js';

/** The client id a request names, whether or not it will authenticate. */
function claimedClient(req: Request): string | undefined {
  try {
    return clientKey(presentedClientOf(req).clientId);
  } catch {
    return undefined;
  }
}

async function refusal(req: Request, res: Response, limits: RateLimits, policy: RateLimitPolicy): Promise<RateLimitedError | undefined> {
  const ip = ipKey(req.ip);
  const ipWait = await limits.ipRequests.hit(ip);
  if (ipWait !== undefined) return tooManyRequests(ipWait);
  if (policy !== 'client') return undefined;
  const client = claimedClient(req);
  res.locals.rateLimitedClient = client;
  // Over a failure limit, every request is refused until the window ends, the right secret included.
  // Failures count per address and per (client, address), never per client alone: a stranger's failures
  // under a victim's public client_id block the stranger's address, not the victim.
  const [ipFailures, clientFailures] = await Promise.all([
    limits.ipAuthFailures.blocked(ip),
    client ? limits.clientAddressAuthFailures.blocked(clientAddressKey(client, ip)) : undefined,
  ]);
  if (ipFailures !== undefined || clientFailures !== undefined) return tooManyClientFailures(Math.max(ipFailures ?? 0, clientFailures ?? 0));
  const clientWait = client ? await limits.clientRequests.hit(client) : undefined;
  return clientWait === undefined ? undefined : tooManyRequests(clientWait);
}

/**
 * Counts requests per address and, for the `client` policy (endpoints where clients authenticate,
 * RFC 6749 §2.3), per client, refusing clients and addresses over a failure limit. Mounted after the
 * form parser (to read `client_id`) and CORS (so browsers can read the 429).
 */
export function limitRequests(limits: RateLimits, policy: RateLimitPolicy): RequestHandler {
  return (req, res, next) => {
    refusal(req, res, limits, policy).then((refused) => next(refused), next);
  };
}

/**
 * Counts a failed client authentication (`invalid_client`) for the address and for the client id it named
 * from that address, and takes the request back from the client's traffic, so that nobody can use up a
 * client's requests per minute by failing under its id.
 */
async function countClientFailure(req: Request, res: Response, limits: RateLimits): Promise<void> {
  const client = res.locals.rateLimitedClient as string | undefined;
  const ip = ipKey(req.ip);
  await Promise.all([
    limits.ipAuthFailures.add(ip),
    client ? limits.clientAddressAuthFailures.add(clientAddressKey(client, ip)) : undefined,
    client ? limits.clientRequests.undo(client) : undefined,
  ]);
}

/** 429 with `Retry-After`: `temporarily_unavailable` in JSON, or a page on page endpoints. */
function writeRateLimited(req: Request, res: Response, error: RateLimitedError, page: Brand | undefined, requestId: string | null): void {
  res.setHeader('Retry-After', String(error.retryAfterS));
  if (page) {
    const response = rateLimitedPage(negotiatedUi(page, undefined, req.headers['accept-language']), error.retryAfterS, requestId);
    for (const [name, value] of Object.entries(response.headers ?? {})) res.setHeader(name, value);
    res.status(429).type('html').send(response.html);
    return;
  }
  res.locals.oauthError = 'temporarily_unavailable';
  res.status(429).json({ error: 'temporarily_unavailable', error_description: error.description });
}

/**
 * The error step of a rate-limited operation: answers {@link RateLimitedError} with 429 (a page for page
 * operations), and for the `client` policy counts every `invalid_client` as a failure before passing it on.
 */
export function rateLimitErrors(limits: RateLimits, policy: RateLimitPolicy, page: boolean, brand: Brand): ErrorRequestHandler {
  return (error: unknown, req, res, next) => {
    if (res.headersSent) return next(error);
    if (error instanceof RateLimitedError) return writeRateLimited(req, res, error, page ? brand : undefined, (res.locals.requestId as string | undefined) ?? null);
    if (policy === 'client' && error instanceof OAuthError && error.code === 'invalid_client') {
      // The insurance limiter makes counting practically infallible; the client's answer never depends on it.
      return void countClientFailure(req, res, limits)
        .catch(() => undefined)
        .then(() => next(error));
    }
    next(error);
  };
}
