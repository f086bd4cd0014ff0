import express, { RequestHandler } from 'express';
import { invalidRequest } from '../oauth/errors.js';

/** Form bodies up to 64 KiB; repeated parameters arrive as arrays and are refused below. */
export const parseForm: RequestHandler = express.urlencoded({ extended: false, limit: '64kb', parameterLimit: 100 });

function firstProblem(params: unknown): string | undefined {
  if (typeof params !== 'object' || params === null) return undefined;
  for (const [name, value] of Object.entries(params)) {
    // RFC 6749 §3.1, §3.2: "Request and response parameters MUST NOT be included more than once."
    if (Array.isArray(value)) return `The ${name} parameter is repeated.`;
    if (typeof value === 'string' && value.includes('\u0000')) return `The ${name} parameter contains a NUL character.`;
  }
  return undefined;
}

/**
 * API operations: refuses repeated parameters and NUL characters with `invalid_request`.
 * Page operations: keeps the first value of a repeated parameter and lists the
 * names in `res.locals.repeatedParams`, so the handler answers with a page or a
 * redirect instead of JSON.
 */
export function checkParams(pagePaths: ReadonlySet<string>): RequestHandler {
  return (req, res, next) => {
    if (!pagePaths.has(req.path)) {
      const problem = firstProblem(req.query) ?? firstProblem(req.body);
      return next(problem ? invalidRequest(problem) : undefined);
    }
    const repeated: string[] = [];
    // Express 5 re-parses req.query on every read; pin it so the collapsed values stay.
    Object.defineProperty(req, 'query', { value: { ...req.query }, writable: true, configurable: true, enumerable: true });
    for (const params of [req.query, req.body] as Record<string, unknown>[]) {
      if (typeof params !== 'object' || params === null) continue;
      for (const [name, value] of Object.entries(params)) {
        if (Array.isArray(value)) {
          repeated.push(name);
          params[name] = value[0];
        }
        if (typeof params[name] === 'string' && (params[name] as string).includes('\u0000')) params[name] = '';
      }
    }
    res.locals.repeatedParams = repeated;
    next();
  };
}
