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

/** One log line per request: method, path (never the query, which may hold credentials), status and duration. */
export function logRequests(logger: Logger): RequestHandler {
  return (req, res, next) => {
    const started = process.hrtime.bigint();
    res.on('finish', () => {
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      logger.info({ reqId: res.locals.requestId, method: req.method, path: req.path, status: res.statusCode, ms: Math.round(ms * 10) / 10 }, 'request');
    });
    next();
  };
}
