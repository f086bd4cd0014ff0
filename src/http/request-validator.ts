import type { RequestHandler } from 'express';
import * as OpenApiValidator from 'express-openapi-validator';
import type { Logger } from 'pino';
import { httpMethods, type SpecDocument, type SpecOperation } from './spec-document.js';

/** Responses checked against openapi.yaml: a mismatch is a 500 (`strict`), a log line (`log`), or not checked (`off`). */
export type ResponseValidation = 'strict' | 'log' | 'off';

/** Responses are checked in development and tests (a mismatch is a 500); production only logs mismatches, and only when asked. */
export function responseValidation(config: { readonly nodeEnv: string; readonly validateResponses: boolean }): ResponseValidation {
  if (!config.validateResponses) return 'off';
  return config.nodeEnv === 'production' ? 'log' : 'strict';
}

type Components = Record<string, Record<string, unknown>>;

/** The components `root` refers to (`$ref: '#/components/<kind>/<name>'`), followed transitively. */
function referencedComponents(root: unknown, components: Components): Components {
  const kept: Components = {};
  const visit = (node: unknown): void => {
    if (Array.isArray(node)) return node.forEach(visit);
    if (typeof node !== 'object' || node === null) return;
    for (const [key, value] of Object.entries(node)) {
      const ref = key === '$ref' && typeof value === 'string' ? /^#\/components\/([^/]+)\/([^/]+)$/.exec(value) : null;
      if (!ref) {
        visit(value);
        continue;
      }
      const [, kind, name] = ref as unknown as [string, string, string];
      if (kept[kind]?.[name] !== undefined || components[kind]?.[name] === undefined) continue;
      (kept[kind] ??= {})[name] = components[kind][name];
      visit(components[kind][name]);
    }
  };
  visit(root);
  // Security requirements name their schemes without a $ref.
  if (components.securitySchemes) kept.securitySchemes = components.securitySchemes;
  return kept;
}

/**
 * The spec narrowed to one operation and the components it refers to: the validator looks a request's
 * route up by trying every path of its spec in turn, and compiles every schema of its components at
 * start-up, so one path and only its schemas keep both small.
 */
export function narrowSpec(spec: SpecDocument, operation: SpecOperation): Record<string, unknown> {
  const item = (spec.object.paths as Record<string, Record<string, unknown>>)[operation.path] ?? {};
  const shared = Object.fromEntries(Object.entries(item).filter(([key]) => !(httpMethods as readonly string[]).includes(key)));
  const narrowedItem = { ...shared, [operation.method]: item[operation.method] };
  const components = (spec.object.components ?? {}) as Components;
  return { ...spec.object, paths: { [operation.path]: narrowedItem }, components: referencedComponents(narrowedItem, components) };
}

function createValidator(spec: SpecDocument, operation: SpecOperation, responses: ResponseValidation, logger: Logger): RequestHandler[] {
  return OpenApiValidator.middleware({
    apiSpec: narrowSpec(spec, operation) as never,
    validateRequests: { allowUnknownQueryParameters: true },
    validateResponses:
      responses === 'strict'
        ? true
        : responses === 'log'
          ? { onError: (error) => logger.error({ err: error, operationId: operation.operationId }, 'response does not match openapi.yaml') }
          : false,
    validateSecurity: false,
    // Checking the spec against the OpenAPI schema compiles that schema in every instance; `npm run
    // lint:spec` checks it once, in CI.
    validateApiSpec: false,
  });
}

/** Validators without a logger in them, shared by every app built from the same spec (tests build many). */
const sharedValidators = new WeakMap<SpecDocument, Map<string, RequestHandler[]>>();

function validatorFor(spec: SpecDocument, operation: SpecOperation, responses: ResponseValidation, logger: Logger): RequestHandler[] {
  if (responses === 'log') return createValidator(spec, operation, responses, logger);
  const bySpec = sharedValidators.get(spec) ?? new Map<string, RequestHandler[]>();
  sharedValidators.set(spec, bySpec);
  const key = `${operation.operationId} ${responses}`;
  const validator = bySpec.get(key) ?? createValidator(spec, operation, responses, logger);
  bySpec.set(key, validator);
  return validator;
}

/**
 * The schema validator of one operation (shape, types, content type), mounted on that operation's
 * route only. It is built on the operation's first request: each one compiles its schemas, and most
 * processes never call most operations.
 */
export function operationValidator(spec: SpecDocument, operation: SpecOperation, responses: ResponseValidation, logger: Logger): RequestHandler {
  let steps: RequestHandler[] | undefined;
  return function validateAgainstSpec(req, res, next) {
    steps ??= validatorFor(spec, operation, responses, logger);
    const chain = steps;
    const run = (index: number, error?: unknown): void => {
      const step = chain[index];
      if (error !== undefined || !step) return next(error);
      void step(req, res, (failure?: unknown) => run(index + 1, failure));
    };
    run(0);
  };
}
