import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { parse } from 'yaml';

/** One operation as openapi.yaml declares it. */
export interface SpecOperation {
  readonly operationId: string;
  readonly method: (typeof httpMethods)[number];
  readonly path: string;
  /** The scopes its `bearerAuth` security requirement names; absent when it takes no bearer token. */
  readonly bearerScopes?: readonly string[];
  /** Its request body is JSON (`application/json`) rather than a form. */
  readonly jsonBody?: boolean;
}

/** The parsed contract. */
export interface SpecDocument {
  readonly text: string;
  readonly object: Record<string, unknown>;
  readonly operations: readonly SpecOperation[];
}

/** The operation keys of an OpenAPI path item. */
export const httpMethods = ['get', 'post', 'put', 'patch', 'delete', 'options', 'head'] as const;

/** Finds openapi.yaml from this file upwards, so source (src/http) and compiled code (dist/src/http) both work. */
export function locateSpec(start = __dirname): string {
  for (let dir = start; ; dir = dirname(dir)) {
    const candidate = join(dir, 'openapi.yaml');
    if (existsSync(candidate)) return candidate;
    if (dirname(dir) === dir) throw new Error('openapi.yaml not found');
  }
}

/** Reads and parses openapi.yaml once; start-up fails if it is missing or malformed. */
export function loadSpec(file = locateSpec()): SpecDocument {
  const text = readFileSync(file, 'utf8');
  const object = parse(text) as Record<string, unknown>;
  const operations: SpecOperation[] = [];
  const paths = (object.paths ?? {}) as Record<string, Record<string, { operationId?: string; security?: Record<string, string[]>[]; requestBody?: { content?: Record<string, unknown> } }>>;
  for (const [path, item] of Object.entries(paths)) {
    for (const method of httpMethods) {
      const operation = item[method];
      if (!operation) continue;
      if (!operation.operationId) throw new Error(`openapi.yaml: ${method.toUpperCase()} ${path} has no operationId`);
      const bearerScopes = operation.security?.find((requirement) => 'bearerAuth' in requirement)?.bearerAuth;
      const jsonBody = operation.requestBody?.content?.['application/json'] !== undefined;
      operations.push({ operationId: operation.operationId, method, path, ...(bearerScopes ? { bearerScopes } : {}), ...(jsonBody ? { jsonBody } : {}) });
    }
  }
  return { text, object, operations };
}

let shared: SpecDocument | undefined;

/** openapi.yaml, read once per process (every app built without an explicit spec shares it). */
export function defaultSpec(): SpecDocument {
  shared ??= loadSpec();
  return shared;
}
