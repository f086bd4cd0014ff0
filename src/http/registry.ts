import type { ErrorRequestHandler, Express, RequestHandler } from 'express';
import { readCookies, serializeCookie } from './cookies.js';
import { NoRouteError } from './error-writer.js';
import { adminScope } from '../oauth/scopes.js';
import { parseForm, parseJson, readPageParams, refuseMalformedParams } from './form-parsing.js';
import type { BearerRequirement, CorsPolicy, OperationDefinition, AnyOperationRegistry, RateLimitPolicy } from './operation.js';
import { requestMeta } from './request-context.js';
import type { SpecDocument, SpecOperation } from './spec-document.js';

function sameScopes(a: readonly string[] | undefined, b: readonly string[] | undefined): boolean {
  return a === undefined || b === undefined ? a === b : a.length === b.length && a.every((scope) => b.includes(scope));
}

/**
 * Start-up check: every operation in the spec has exactly one handler, every handler an operation,
 * and a handler needs a bearer token with exactly the scopes the spec's `bearerAuth` names.
 */
export function checkRegistryMatchesSpec(spec: SpecDocument, registry: AnyOperationRegistry): void {
  const specIds = spec.operations.map((o) => o.operationId);
  const duplicates = specIds.filter((id, i) => specIds.indexOf(id) !== i);
  const missing = specIds.filter((id) => !Object.hasOwn(registry, id));
  const extra = Object.keys(registry).filter((id) => !specIds.includes(id));
  const scopeMismatches = spec.operations.filter(
    (o) => Object.hasOwn(registry, o.operationId) && !sameScopes(o.bearerScopes, registry[o.operationId]?.bearer?.scopes),
  );
  // Issue 13 §4: the `admin` scope and the admin audience go together, so an admin token is accepted by admin operations only.
  const audienceMismatches = Object.entries(registry).filter(([, d]) => (d.bearer?.scopes.includes(adminScope) ?? false) !== (d.bearer?.audience === 'admin'));
  const problems = [
    ...duplicates.map((id) => `operationId ${id} appears twice in openapi.yaml`),
    ...scopeMismatches.map((o) => `handler ${o.operationId} needs scopes [${registry[o.operationId]?.bearer?.scopes.join(' ') ?? 'no token'}] but openapi.yaml says [${o.bearerScopes?.join(' ') ?? 'no token'}]`),
    ...audienceMismatches.map(([id]) => `handler ${id} must require the ${adminScope} scope exactly when it accepts the admin audience`),
    ...missing.map((id) => `operation ${id} has no handler`),
    ...extra.map((id) => `handler ${id} has no operation in openapi.yaml`),
  ];
  if (problems.length) throw new Error(`openapi.yaml and the handlers differ: ${problems.join('; ')}`);
}

function toExpressPath(path: string): string {
  return path.replace(/\{([^}]+)\}/g, ':$1');
}

function adapt(definition: OperationDefinition<never, unknown>, secureCookies: boolean): RequestHandler {
  return async function dispatch(req, res, next) {
    try {
      const result = await definition.handle({
        body: (req.body ?? {}) as never,
        query: (res.locals.pageQuery ?? req.query) as Record<string, unknown>,
        path: req.params as Record<string, string>,
        headers: req.headers,
        cookies: readCookies(req.headers.cookie, secureCookies),
        origin: req.headers.origin,
        repeatedParams: res.locals.repeatedParams as string[] | undefined,
        repeatedValues: res.locals.repeatedValues as Record<string, string[]> | undefined,
        meta: requestMeta(req, res),
        accessToken: res.locals.accessToken,
      });
      for (const [name, value] of Object.entries(result.headers ?? {})) {
        if (value === '') res.removeHeader(name);
        else res.setHeader(name, value);
      }
      if (result.cookies?.length) res.setHeader('Set-Cookie', result.cookies.map((c) => serializeCookie(c, secureCookies)));
      if (result.html !== undefined) res.status(result.status).type('html').send(result.html);
      else if (result.text !== undefined) res.status(result.status).send(result.text);
      else if (result.bytes !== undefined) res.status(result.status).send(Buffer.from(result.bytes));
      else if (result.body === undefined) res.status(result.status).end();
      else res.status(result.status).json(result.body);
    } catch (error) {
      next(error);
    }
  };
}

/** The steps an operation's declarations call for, built by the composition root (`app.ts`). */
export interface PipelineSteps {
  /**
   * RFC 6750 bearer token with these scopes, of the ordinary audience or (`admin`) of the admin API's, and
   * with `acr` or `maxAge`, a sign-in that meets them (RFC 9470).
   */
  requireToken(requirement: BearerRequirement): RequestHandler;
  /** CORS headers of actual requests. */
  cors(policy: CorsPolicy): RequestHandler;
  /** The request limits, and the error step that answers 429 and counts client-authentication failures. */
  rateLimit(policy: RateLimitPolicy, page: boolean): { limit: RequestHandler; errors: ErrorRequestHandler };
  /** The schema validator of one (non-page) operation. */
  validate(operation: SpecOperation): RequestHandler;
  /** The error step of page operations (HTML error pages). */
  pageErrors: ErrorRequestHandler;
  /** `Secure` cookies with the `__Host-` prefix (https issuers). */
  secureCookies: boolean;
}

type Step = RequestHandler | ErrorRequestHandler;

/**
 * Everything that runs for one operation, in this order: CORS, JSON or form parser, parameter check
 * (refused for APIs, flattened for pages), request limits, schema validator (APIs only), bearer
 * token, the handler; then the error steps (rate-limit answers, HTML error pages). Everything
 * else falls through to the JSON error writer.
 */
export function pipelineOf(operation: SpecOperation, definition: OperationDefinition<never, unknown>, steps: PipelineSteps): Step[] {
  const page = definition.page === true;
  const json = operation.jsonBody === true;
  const form = operation.method === 'post' && !json;
  const limiter = definition.rateLimit ? steps.rateLimit(definition.rateLimit, page) : undefined;
  return [
    ...(definition.cors ? [steps.cors(definition.cors)] : []),
    ...(json ? [parseJson] : []),
    ...(form ? [parseForm] : []),
    ...(page ? [readPageParams] : form ? [refuseMalformedParams] : []),
    ...(limiter ? [limiter.limit] : []),
    ...(page ? [] : [steps.validate(operation)]),
    ...(definition.bearer ? [steps.requireToken(definition.bearer)] : []),
    adapt(definition, steps.secureCookies),
    ...(limiter ? [limiter.errors] : []),
    ...(page ? [steps.pageErrors] : []),
  ];
}

/** 405 with `Allow` for another method at a spec path, 404 for any other path (pages answer both with their error page). */
function mountFallbacks(app: Express, spec: SpecDocument, registry: AnyOperationRegistry, pageErrors: ErrorRequestHandler): void {
  const paths = [...new Set(spec.operations.map((o) => o.path))];
  for (const path of paths) {
    const operations = spec.operations.filter((o) => o.path === path);
    const allow = operations.map((o) => o.method.toUpperCase()).sort().join(', ');
    const page = operations.every((o) => registry[o.operationId]?.page === true);
    const refuse: RequestHandler = (_req, _res, next) => next(new NoRouteError(405, allow));
    app.all(toExpressPath(path), refuse, ...(page ? [pageErrors] : []));
  }
  app.use((_req, _res, next) => next(new NoRouteError(404)));
}

/** Mounts one route per spec operation with exactly the steps its definition declares (see {@link pipelineOf}). */
export function mountOperations(app: Express, spec: SpecDocument, registry: AnyOperationRegistry, steps: PipelineSteps): void {
  checkRegistryMatchesSpec(spec, registry);
  for (const operation of spec.operations) {
    const definition = registry[operation.operationId] as OperationDefinition<never, unknown>;
    app[operation.method](toExpressPath(operation.path), ...pipelineOf(operation, definition, steps));
  }
  mountFallbacks(app, spec, registry, steps.pageErrors);
}
