import { randomUUID } from 'node:crypto';
import type { Request, RequestHandler, Response } from 'express';
import type { Logger } from 'pino';
import type { RequestMeta } from '../services/audit.js';

/** Gives every request an id (echoed in `X-Request-Id`) for logs and audit events. */
export const assignRequestId: RequestHandler = (_req, res, next) => {
  const id = randomUUID();
  res.locals.requestId = id;
  res.setHeader('X-Request-Id', id);
  next();
};

/** The audit view of a request. */
export function requestMeta(req: Request, res: Response): RequestMeta {
  return { ip: req.ip ?? req.socket.remoteAddress ?? null, requestId: (res.locals.requestId as string | undefined) ?? null };
}

/** The OAuth error code an answer carried: a JSON error body, a Bearer challenge, or an error redirect. */
function errorCodeOf(res: Response): string | undefined {
  if (typeof res.locals.oauthError === 'string') return res.locals.oauthError;
  const challenge = /error="([a-z_]+)"/.exec(String(res.getHeader('WWW-Authenticate') ?? ''));
  if (challenge) return challenge[1];
  const location = /[?#&]error=([a-z_]+)/.exec(String(res.getHeader('Location') ?? ''));
  return location?.[1];
}

/** Hooks for request metrics. */
export interface RequestObserver {
  observeRequest(operation: string, status: number, seconds: number): void;
  oauthError(code: string): void;
}

/** One log line per request: method, path (never the query, which may hold credentials), status and duration. */
export function logRequests(logger: Logger, observer?: RequestObserver): RequestHandler {
  return (req, res, next) => {
    const started = process.hrtime.bigint();
    res.on('finish', () => {
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      // The matched route keeps the label set small; anything unmatched shares one label.
      const route = (req.route as { path?: string } | undefined)?.path;
      observer?.observeRequest(route ? `${req.method} ${route}` : 'unmatched', res.statusCode, ms / 1000);
      const code = errorCodeOf(res);
      if (code) observer?.oauthError(code);
      logger.info({ reqId: res.locals.requestId, method: req.method, path: req.path, status: res.statusCode, ms: Math.round(ms * 10) / 10 }, 'request');
    });
    next();
  };
}
