import express, { RequestHandler } from 'express';
import { invalidRequest, quoteInput } from '../oauth/errors.js';

const urlencoded = express.urlencoded({ extended: false, limit: '64kb', parameterLimit: 100 });

/** Form bodies (POST only, up to 64 KiB); repeated parameters arrive as arrays and are refused below. */
export const parseForm: RequestHandler = (req, res, next) => (req.method === 'POST' ? urlencoded(req, res, next) : next());

function firstProblem(params: unknown): string | undefined {
  if (typeof params !== 'object' || params === null) return undefined;
  for (const [name, value] of Object.entries(params)) {
    // RFC 6749 §3.1, §3.2: "Request and response parameters MUST NOT be included more than once."
    if (Array.isArray(value)) return `The ${quoteInput(name)} parameter is repeated.`;
    if (typeof value === 'string' && value.includes('\u0000')) return `The ${quoteInput(name)} parameter contains a NUL character.`;
  }
  return undefined;
}

/**
 * RFC 6749 §3.1, §3.2: "Parameters sent without a value MUST be treated as if
 * they were omitted from the request." Runs after the repeated-parameter check,
 * so `scope=&scope=read` is still refused.
 */
export function omitEmptyParams(params: unknown): void {
  if (typeof params !== 'object' || params === null) return;
  const record = params as Record<string, unknown>;
  for (const [name, value] of Object.entries(record)) if (value === '') delete record[name];
}

/** The query as flat strings: the first value of a repeated name (listed in `repeated`); NUL values emptied. */
function flatQuery(url: string, repeated: string[]): Record<string, string> {
  const query: Record<string, string> = {};
  for (const [name, value] of new URLSearchParams(url.split('?')[1] ?? '')) {
    if (name in query) {
      if (!repeated.includes(name)) repeated.push(name);
      continue;
    }
    query[name] = value.includes('\u0000') ? '' : value;
  }
  return query;
}

/**
 * API operations: refuses repeated parameters and NUL characters with `invalid_request`,
 * then drops empty form parameters ({@link omitEmptyParams}).
 * Page operations: keeps the first value of a repeated parameter and lists the
 * names in `res.locals.repeatedParams`, so the handler answers with a page or a
 * redirect instead of JSON.
 */
export function checkParams(pagePaths: ReadonlySet<string>): RequestHandler {
  return (req, res, next) => {
    if (!pagePaths.has(req.path)) {
      // Only the OAuth form endpoints take parameters; elsewhere unknown query parameters are simply ignored.
      if (req.method !== 'POST') return next();
      const problem = firstProblem(req.query) ?? firstProblem(req.body);
      if (problem) return next(invalidRequest(problem));
      omitEmptyParams(req.body);
      return next();
    }
    const repeated: string[] = [];
    // The validator later re-parses the query with qs (`a[]=1` becomes an array); page handlers get the flat one.
    res.locals.pageQuery = flatQuery(req.originalUrl, repeated);
    // Express 5 re-parses req.query on every read; pin the flat one so the validator sees no repeated values either.
    Object.defineProperty(req, 'query', { value: { ...res.locals.pageQuery }, writable: true, configurable: true, enumerable: true });
    for (const params of [req.body] as Record<string, unknown>[]) {
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
