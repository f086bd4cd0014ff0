import type { RequestHandler } from 'express';
import * as OpenApiValidator from 'express-openapi-validator';
import type { Logger } from 'pino';
import { httpMethods, SpecDocument, SpecOperation } from './spec-document.js';

/** Responses checked against openapi.yaml: a mismatch is a 500 (`strict`), a log line (`log`), or not checked (`off`). */
export type ResponseValidation = 'strict' | 'log' | 'off';

/** Responses are checked in development and tests (a mismatch is a 500); production only logs mismatches, and only when asked. */
export function responseValidation(config: { readonly nodeEnv: string; readonly validateResponses: boolean }): ResponseValidation {
  if (!config.validateResponses) return 'off';
  return config.nodeEnv === 'production' ? 'log' : 'strict';
}

/**
 * The spec narrowed to one operation, components kept: the validator looks a request's route up by
 * trying every path of its spec in turn, so with one path the lookup is a single match.
 */
export function narrowSpec(spec: SpecDocument, operation: SpecOperation): Record<string, unknown> {
  const item = (spec.object.paths as Record<string, Record<string, unknown>>)[operation.path] ?? {};
  const shared = Object.fromEntries(Object.entries(item).filter(([key]) => !(httpMethods as readonly string[]).includes(key)));
  return { ...spec.object, paths: { [operation.path]: { ...shared, [operation.method]: item[operation.method] } } };
}

/** The schema validator of one operation (shape, types, content type), mounted on that operation's route only. */
export function operationValidator(spec: SpecDocument, operation: SpecOperation, responses: ResponseValidation, logger: Logger): RequestHandler[] {
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
  });
}
