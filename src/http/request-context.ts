import { randomUUID } from 'node:crypto';
import type { Request, RequestHandler, Response } from 'express';
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
