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

/** Refuses repeated parameters and NUL characters in the query and the form body with `invalid_request`. */
export const rejectDuplicateParams: RequestHandler = (req, _res, next) => {
  const problem = firstProblem(req.query) ?? firstProblem(req.body);
  next(problem ? invalidRequest(problem) : undefined);
};
