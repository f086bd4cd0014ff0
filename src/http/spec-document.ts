import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { parse } from 'yaml';

/** One operation as openapi.yaml declares it. */
export interface SpecOperation {
  readonly operationId: string;
  readonly method: 'get' | 'post' | 'put' | 'patch' | 'delete' | 'options' | 'head';
  readonly path: string;
  /** Answers with HTML pages or redirects; its errors must never be JSON. */
  readonly page: boolean;
  /** The scopes its `bearerAuth` security requirement names; absent when it takes no bearer token. */
  readonly bearerScopes?: readonly string[];
}

/** The parsed contract. */
export interface SpecDocument {
  readonly text: string;
  readonly object: Record<string, unknown>;
  readonly operations: readonly SpecOperation[];
}

const methods = ['get', 'post', 'put', 'patch', 'delete', 'options', 'head'] as const;

/** Finds openapi.yaml from this file upwards, so source (src/http) and compiled code (dist/src/http) both work. */
export function locateSpec(start = __dirname): string {
  for (let dir = start; ; dir = dirname(dir)) {
    const candidate = join(dir, 'openapi.yaml');
    if (existsSync(candidate)) return candidate;
    if (dirname(dir) === dir) throw new Error('openapi.yaml not found');
  }
}

/** Paths whose operations answer with pages (their errors are pages too). */
export function pagePaths(spec: SpecDocument): ReadonlySet<string> {
  return new Set(spec.operations.filter((o) => o.page).map((o) => o.path));
}

/** Reads and parses openapi.yaml once; start-up fails if it is missing or malformed. */
export function loadSpec(file = locateSpec()): SpecDocument {
  const text = readFileSync(file, 'utf8');
  const object = parse(text) as Record<string, unknown>;
  const operations: SpecOperation[] = [];
  const paths = (object.paths ?? {}) as Record<string, Record<string, { operationId?: string; responses?: Record<string, unknown>; security?: Record<string, string[]>[] }>>;
  for (const [path, item] of Object.entries(paths)) {
    for (const method of methods) {
      const operation = item[method];
      if (!operation) continue;
      if (!operation.operationId) throw new Error(`openapi.yaml: ${method.toUpperCase()} ${path} has no operationId`);
      const page = JSON.stringify(operation.responses ?? {}).includes('Html');
      const bearerScopes = operation.security?.find((requirement) => 'bearerAuth' in requirement)?.bearerAuth;
      operations.push({ operationId: operation.operationId, method, path, page, ...(bearerScopes ? { bearerScopes } : {}) });
    }
  }
  return { text, object, operations };
}
