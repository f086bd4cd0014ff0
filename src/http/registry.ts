import type { Express, RequestHandler } from 'express';
import { readCookies, serializeCookie } from './cookies.js';
import type { OperationDefinition, OperationRegistry } from './operation.js';
import { requestMeta } from './request-context.js';
import type { SpecDocument } from './spec-document.js';

function sameScopes(a: readonly string[] | undefined, b: readonly string[] | undefined): boolean {
  return a === undefined || b === undefined ? a === b : a.length === b.length && a.every((scope) => b.includes(scope));
}

/**
 * Start-up check: every operation in the spec has exactly one handler, every handler an operation,
 * and a handler needs a bearer token with exactly the scopes the spec's `bearerAuth` names.
 */
export function checkRegistryMatchesSpec(spec: SpecDocument, registry: OperationRegistry): void {
  const specIds = spec.operations.map((o) => o.operationId);
  const duplicates = specIds.filter((id, i) => specIds.indexOf(id) !== i);
  const missing = specIds.filter((id) => !Object.hasOwn(registry, id));
  const extra = Object.keys(registry).filter((id) => !specIds.includes(id));
  const scopeMismatches = spec.operations.filter(
    (o) => Object.hasOwn(registry, o.operationId) && !sameScopes(o.bearerScopes, registry[o.operationId]?.bearer?.scopes),
  );
  const problems = [
    ...duplicates.map((id) => `operationId ${id} appears twice in openapi.yaml`),
    ...scopeMismatches.map((o) => `handler ${o.operationId} needs scopes [${registry[o.operationId]?.bearer?.scopes.join(' ') ?? 'no token'}] but openapi.yaml says [${o.bearerScopes?.join(' ') ?? 'no token'}]`),
    ...missing.map((id) => `operation ${id} has no handler`),
    ...extra.map((id) => `handler ${id} has no operation in openapi.yaml`),
  ];
  if (problems.length) throw new Error(`openapi.yaml and the handlers differ: ${problems.join('; ')}`);
}

function toExpressPath(path: string): string {
  return path.replace(/\{([^}]+)\}/g, ':$1');
}

function adapt(definition: OperationDefinition<never, unknown>, secureCookies: boolean): RequestHandler {
  return async (req, res, next) => {
    try {
      const result = await definition.handle({
        body: (req.body ?? {}) as never,
        query: (res.locals.pageQuery ?? req.query) as Record<string, unknown>,
        path: req.params as Record<string, string>,
        headers: req.headers,
        cookies: readCookies(req.headers.cookie, secureCookies),
        origin: req.headers.origin,
        repeatedParams: res.locals.repeatedParams as string[] | undefined,
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
      else if (result.body === undefined) res.status(result.status).end();
      else res.status(result.status).json(result.body);
    } catch (error) {
      next(error);
    }
  };
}

/** Mounts one route per spec operation; bearer operations get the resource-server middleware first. */
export function mountOperations(
  app: Express,
  spec: SpecDocument,
  registry: OperationRegistry,
  requireToken: (scopes: readonly string[]) => RequestHandler,
  options: { secureCookies: boolean } = { secureCookies: false },
): void {
  checkRegistryMatchesSpec(spec, registry);
  for (const operation of spec.operations) {
    const definition = registry[operation.operationId] as OperationDefinition<never, unknown>;
    const handler = adapt(definition, options.secureCookies);
    const chain = definition.bearer ? [requireToken(definition.bearer.scopes), handler] : [handler];
    app[operation.method](toExpressPath(operation.path), ...chain);
  }
}
