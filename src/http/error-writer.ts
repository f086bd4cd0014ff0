import type { ErrorRequestHandler, Response } from 'express';
import type { Logger } from 'pino';
import { errorPage } from '../interaction/page-response.js';
import { negotiatedUi, type Brand, type PageUi } from '../interaction/pages/index.js';
import { invalidRequest, OAuthError, type OAuthErrorCode, quoteInput, unsupportedGrantType } from '../oauth/errors.js';
import { isDatabaseUnavailable } from '../store/errors.js';
import { AdminConflictError, AdminInputError, AdminNotFoundError } from '../services/admin-errors.js';
import { ResourceServerError } from '../resource-server/index.js';
import { defaultRealm } from '../resource-server/resolve-options.js';
import { bearerChallenge, quote } from '../resource-server/write-error.js';

/** The realm sent in `WWW-Authenticate` challenges. */
const realm = defaultRealm;
const retryAfterS = 5;

interface ValidatorError {
  status: number;
  message?: string;
  errors?: { path?: string; message?: string }[];
  headers?: Record<string, string>;
}

interface BodyParserError {
  type?: string;
  status: number;
}

function isValidatorError(error: unknown): error is ValidatorError {
  return typeof error === 'object' && error !== null && typeof (error as ValidatorError).status === 'number' && Array.isArray((error as ValidatorError).errors);
}

/** body-parser errors (including wrapped zlib failures, which have no `type`) are exposable 4xx errors. */
function isBodyParserError(error: unknown): error is BodyParserError {
  if (typeof error !== 'object' || error === null || isValidatorError(error)) return false;
  const { expose, status } = error as { expose?: unknown; status?: unknown };
  return expose === true && typeof status === 'number' && status >= 400 && status < 500;
}

/** Writes the one error body shape (RFC 6749 §5.2), with the headers its code requires. */
export function writeOAuthError(res: Response, code: OAuthErrorCode, description: string | undefined, status?: number): void {
  const error = new OAuthError(code, description);
  res.locals.oauthError = code;
  if (code === 'invalid_client') res.setHeader('WWW-Authenticate', `Basic realm=${quote(realm)}`);
  // RFC 6750 §3: errors of bearer-protected resources are also given in the challenge.
  if (code === 'invalid_token' || code === 'insufficient_scope') {
    res.setHeader('WWW-Authenticate', bearerChallenge(new ResourceServerError(code, description ?? ''), realm));
  }
  if (code === 'temporarily_unavailable') res.setHeader('Retry-After', String(retryAfterS));
  res.status(status ?? error.status).json(description ? { error: code, error_description: description } : { error: code });
}

/** The admin API's answer to a rule an admin action broke: 404 and 409 (which RFC 6749 has no code for), else 400. */
function writeAdminError(res: Response, error: AdminInputError): void {
  // RFC 6749 §5.2: the description is printable ASCII without `"` or `\`; the CLI's messages quote input as is.
  const description = quoteInput(error.message.replace(/"/g, "'"), 500);
  if (error instanceof AdminNotFoundError) return void res.status(404).json({ error: 'not_found', error_description: description });
  if (error instanceof AdminConflictError) return void res.status(409).json({ error: 'conflict', error_description: description });
  writeOAuthError(res, 'invalid_request', description);
}

function describeValidatorError(error: ValidatorError): string {
  const first = error.errors?.[0];
  const where = first?.path ? first.path.replace(/^\/(body|query|headers)\//, '').replace(/^\//, '') : '';
  const message = (first?.message ?? error.message ?? 'The request is malformed.').replace(/^request\/\w+\/?/, '');
  // RFC 6749 §5.2 charset: ajv quotes formats and echoes property names as sent.
  return quoteInput(`${where ? `${where}: ` : ''}${message}`.replace(/"/g, "'"), 200);
}

/**
 * The validator refuses a token request whose `grant_type` names no schema of the spec's discriminator.
 * RFC 6749 §5.2: an unknown grant type is `unsupported_grant_type`; a missing one is `invalid_request`.
 */
function grantTypeError(error: ValidatorError, body: unknown): OAuthError | undefined {
  const message = error.errors?.[0]?.message ?? error.message ?? '';
  if (!message.startsWith("'grant_type' must be equal to one of the allowed values")) return undefined;
  const value = typeof body === 'object' && body !== null ? (body as Record<string, unknown>).grant_type : undefined;
  return typeof value === 'string' ? unsupportedGrantType(`Unsupported grant_type: ${quoteInput(value)}.`) : invalidRequest('The grant_type parameter is required.');
}

/** No operation at this path (404), or none for this method (405, with the methods there are). */
export class NoRouteError extends Error {
  constructor(
    readonly status: 404 | 405,
    readonly allow?: string,
  ) {
    super(status === 404 ? 'No such endpoint.' : 'Method not allowed.');
    this.name = 'NoRouteError';
  }
}

/** Pages answer every failure with the HTML error page (never JSON): 503 when the database is down, else 400 or 500. */
function writeErrorPage(res: Response, error: unknown, reqId: string | undefined, logger: Logger, ui: PageUi): void {
  const unavailable = isDatabaseUnavailable(error);
  const clientError = !unavailable && (isValidatorError(error) || isBodyParserError(error) || error instanceof OAuthError || error instanceof NoRouteError) && ((error as { status: number }).status ?? 500) < 500;
  if (!clientError) logger[unavailable ? 'warn' : 'error']({ reqId, err: error }, unavailable ? 'database unavailable' : 'unexpected error');
  else logger.info({ reqId, reason: (error as Error).message }, 'page request refused');
  const status = unavailable ? 503 : clientError ? 400 : 500;
  const description = ui.text.t(unavailable ? 'error.unavailable' : clientError ? 'error.badRequest' : 'error.internal');
  const page = errorPage(ui, status, description, reqId ?? null);
  for (const [name, value] of Object.entries(page.headers ?? {})) res.setHeader(name, value);
  if (unavailable) res.setHeader('Retry-After', String(retryAfterS));
  res.status(status).type('html').send(page.html);
}

/** The error step of page operations: every failure is an HTML page, never JSON. */
export function pageErrorWriter(logger: Logger, brand: Brand): ErrorRequestHandler {
  return (error: unknown, req, res, next) => {
    if (res.headersSent) return next(error);
    writeErrorPage(res, error, res.locals.requestId as string | undefined, logger, negotiatedUi(brand, undefined, req.headers['accept-language']));
  };
}

/** Maps everything thrown below `http/` to an RFC-shaped answer; unexpected errors become a bare `server_error`. */
export function errorWriter(logger: Logger): ErrorRequestHandler {
  return (error: unknown, req, res, next) => {
    if (res.headersSent) return next(error);
    const reqId = res.locals.requestId as string | undefined;
    if (error instanceof NoRouteError) {
      if (error.allow) res.setHeader('Allow', error.allow);
      return writeOAuthError(res, 'invalid_request', error.message, error.status);
    }
    if (error instanceof OAuthError) return writeOAuthError(res, error.code, error.description);
    // The router decodes path parameters before any step runs: `/admin/clients/%` is malformed (RFC 3986 §2.1), not a failure of ours.
    if (error instanceof URIError) return writeOAuthError(res, 'invalid_request', 'The request path is not valid percent-encoding.');
    if (error instanceof AdminInputError) return writeAdminError(res, error);
    if (isDatabaseUnavailable(error)) {
      logger.warn({ reqId, err: error }, 'database unavailable');
      return writeOAuthError(res, 'temporarily_unavailable', 'The service is temporarily unavailable. Retry later.');
    }
    if (isBodyParserError(error)) {
      const description = error.type === 'entity.too.large' ? 'The request body is too large.' : 'The request body could not be read.';
      return writeOAuthError(res, 'invalid_request', description);
    }
    if (isValidatorError(error) && error.status < 500) {
      if (error.status === 404) return writeOAuthError(res, 'invalid_request', 'No such endpoint.', 404);
      if (error.status === 405) {
        if (error.headers?.Allow) res.setHeader('Allow', error.headers.Allow);
        return writeOAuthError(res, 'invalid_request', 'Method not allowed.', 405);
      }
      if (error.status === 415) return writeOAuthError(res, 'invalid_request', 'The body must be application/x-www-form-urlencoded.');
      const grantType = grantTypeError(error, req.body);
      if (grantType) return writeOAuthError(res, grantType.code, grantType.description);
      return writeOAuthError(res, 'invalid_request', describeValidatorError(error));
    }
    logger.error({ reqId, err: error, method: req.method, path: req.path }, 'unexpected error');
    return writeOAuthError(res, 'server_error', undefined);
  };
}
