import express, { type RequestHandler } from 'express';
import { invalidRequest, invalidTarget, type OAuthError, quoteInput } from '../oauth/errors.js';

const urlencoded = express.urlencoded({ extended: false, limit: '64kb', parameterLimit: 100 });

const formType = /^application\/x-www-form-urlencoded\s*(?:;|$)/i;

/**
 * Form bodies (up to 64 KiB, mounted on POST operations); repeated parameters arrive as arrays and
 * are refused below. A form request that carries no body at all (neither `Content-Length` nor
 * chunks) is an empty form: the body parser leaves `req.body` undefined then, and the validator
 * would fail on it with a server error instead of naming the missing parameters.
 */
export const parseForm: RequestHandler = (req, res, next) => {
  urlencoded(req, res, (error?: unknown) => {
    if (error === undefined && req.body === undefined && formType.test(req.headers['content-type'] ?? '')) req.body = {};
    next(error);
  });
};

/** JSON bodies (up to 64 KiB, objects and arrays only), for the operations whose spec body is `application/json` (the admin API). */
export const parseJson: RequestHandler = express.json({ limit: '64kb', strict: true });

function firstProblem(params: unknown): OAuthError | undefined {
  if (typeof params !== 'object' || params === null) return undefined;
  for (const [name, value] of Object.entries(params)) {
    // RFC 8707 §2 lets `resource` repeat; Latchkey issues each access token for one API (its `aud`).
    if (Array.isArray(value) && name === 'resource') return invalidTarget('An access token is for one API: send one resource parameter.');
    // RFC 6749 §3.1, §3.2: "Request and response parameters MUST NOT be included more than once."
    if (Array.isArray(value)) return invalidRequest(`The ${quoteInput(name)} parameter is repeated.`);
    if (typeof value === 'string' && value.includes('\u0000')) return invalidRequest(`The ${quoteInput(name)} parameter contains a NUL character.`);
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

/** The query as flat strings: the first value of a repeated name (every value in `repeated`); NUL values emptied. */
function flatQuery(url: string, repeated: Record<string, string[]>): Record<string, string> {
  const query: Record<string, string> = {};
  for (const [name, value] of new URLSearchParams(url.split('?')[1] ?? '')) {
    const clean = value.includes('\u0000') ? '' : value;
    if (name in query) {
      // An inherited name (`__proto__`) counts as repeated, with no value of its own.
      if (Object.hasOwn(query, name)) (repeated[name] ??= [query[name] as string]).push(clean);
      else repeated[name] ??= [];
      continue;
    }
    query[name] = clean;
  }
  return query;
}

/**
 * API operations with a form body: refuses repeated parameters and NUL characters
 * with `invalid_request`, then drops empty form parameters ({@link omitEmptyParams}).
 */
export const refuseMalformedParams: RequestHandler = (req, _res, next) => {
  const problem = firstProblem(req.query) ?? firstProblem(req.body);
  if (problem) return next(problem);
  omitEmptyParams(req.body);
  next();
};

/**
 * Page operations: the query as flat strings in `res.locals.pageQuery`, the first value of a
 * repeated body parameter, the repeated names in `res.locals.repeatedParams` and all their values in
 * `res.locals.repeatedValues` (RFC 8707 `resource` may repeat), so the handler
 * answers with a page or a redirect instead of JSON. NUL characters empty their value.
 */
export const readPageParams: RequestHandler = (req, res, next) => {
  const repeated: Record<string, string[]> = Object.create(null) as Record<string, string[]>;
  res.locals.pageQuery = flatQuery(req.originalUrl, repeated);
  const body = req.body as Record<string, unknown> | undefined;
  if (typeof body === 'object' && body !== null) {
    for (const [name, value] of Object.entries(body)) {
      if (Array.isArray(value)) {
        repeated[name] = value.map((v) => (typeof v === 'string' && !v.includes('\u0000') ? v : ''));
        body[name] = value[0];
      }
      if (typeof body[name] === 'string' && (body[name] as string).includes('\u0000')) body[name] = '';
    }
  }
  res.locals.repeatedParams = Object.keys(repeated);
  res.locals.repeatedValues = repeated;
  next();
};
