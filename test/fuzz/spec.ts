/**
 * The spec walker: every operation of openapi.yaml with what the request builder
 * and the response checks need, `$ref`s resolved. It reads the YAML itself
 * (not src/http/spec-document.ts), so an operation the server's own walker
 * missed is still fuzzed.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';

export type Schema = Record<string, unknown>;

export interface SpecParameter {
  readonly name: string;
  readonly in: string;
  readonly required: boolean;
  readonly schema: Schema;
}

export interface SpecResponse {
  /** Media type to schema (unresolved, for ajv); empty when the answer has no body. */
  readonly content: Readonly<Record<string, Schema>>;
  /** Header name (lower case) to its resolved schema. */
  readonly headers: Readonly<Record<string, Schema>>;
}

export interface SpecOperation {
  readonly operationId: string;
  readonly method: string;
  /** The template, e.g. `/account/grants/{client_id}`. */
  readonly path: string;
  readonly parameters: readonly SpecParameter[];
  /** Media type to the resolved body schema; undefined when the operation takes no body. */
  readonly body: Readonly<Record<string, Schema>> | undefined;
  /** Security alternatives: each a list of scheme types (`http basic`, `http bearer`); `[]` is "none". */
  readonly security: readonly (readonly string[])[];
  readonly responses: Readonly<Record<string, SpecResponse>>;
}

export interface Spec {
  readonly document: Schema;
  readonly operations: readonly SpecOperation[];
}

/** OpenAPI 3.1 §4.8.10: the operations a Path Item can hold. */
export const httpMethods = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'] as const;

function pointer(document: Schema, ref: string): Schema {
  if (!ref.startsWith('#/')) throw new Error(`only local $refs are supported: ${ref}`);
  let node: unknown = document;
  for (const part of ref.slice(2).split('/')) node = (node as Schema | undefined)?.[part.replace(/~1/g, '/').replace(/~0/g, '~')];
  if (typeof node !== 'object' || node === null) throw new Error(`dangling $ref ${ref}`);
  return node as Schema;
}

/** Follows `$ref` until a real object. */
function resolve(document: Schema, node: unknown): Schema {
  let current = (node ?? {}) as Schema;
  while (typeof current.$ref === 'string') current = pointer(document, current.$ref);
  return current;
}

function schemeOf(document: Schema, name: string): string {
  const scheme = resolve(document, (document.components as Schema | undefined)?.securitySchemes as Schema | undefined)[name] as Schema | undefined;
  if (!scheme) return `undeclared scheme ${name}`;
  // An OAuth 2.0 scheme says where the token comes from; it is sent as a bearer token (RFC 6750 §2.1).
  if (scheme.type === 'oauth2') return 'http bearer';
  return [scheme.type, scheme.scheme].filter(Boolean).join(' ');
}

function mapValues<T>(record: unknown, fn: (value: unknown) => T): Record<string, T> {
  return Object.fromEntries(Object.entries((record ?? {}) as Record<string, unknown>).map(([key, value]) => [key, fn(value)]));
}

/**
 * A `oneOf` body (the token request, one branch per `grant_type`) as one flat object schema: every
 * branch's properties, the `const`s of a shared property as its `enum`, required only what all require.
 */
function flatBody(document: Schema, schema: Schema): Schema {
  if (!Array.isArray(schema.oneOf)) return schema;
  const branches = (schema.oneOf as unknown[]).map((b) => resolve(document, b));
  const properties: Record<string, Schema> = {};
  for (const branch of branches) {
    for (const [name, raw] of Object.entries((branch.properties ?? {}) as Record<string, unknown>)) {
      const property = resolve(document, raw);
      const known = properties[name];
      properties[name] = property.const !== undefined ? { type: 'string', enum: [...((known?.enum as unknown[]) ?? []), property.const] } : (known ?? property);
    }
  }
  const required = branches.map((b) => (b.required ?? []) as string[]).reduce((all, r) => all.filter((name) => r.includes(name)));
  return { type: 'object', properties, required };
}

export function loadSpec(file = join(__dirname, '..', '..', 'openapi.yaml')): Spec {
  const document = parse(readFileSync(file, 'utf8')) as Schema;
  const operations: SpecOperation[] = [];
  for (const [path, rawItem] of Object.entries((document.paths ?? {}) as Record<string, unknown>)) {
    const item = resolve(document, rawItem);
    for (const method of httpMethods) {
      const operation = item[method] as Schema | undefined;
      if (!operation) continue;
      const parameters = [...((item.parameters as unknown[]) ?? []), ...((operation.parameters as unknown[]) ?? [])].map((raw) => {
        const p = resolve(document, raw);
        return { name: String(p.name), in: String(p.in), required: p.required === true, schema: resolve(document, p.schema) };
      });
      const requestBody = operation.requestBody ? resolve(document, operation.requestBody) : undefined;
      const security = ((operation.security ?? document.security ?? [{}]) as Schema[]).map((alternative) => Object.keys(alternative).map((name) => schemeOf(document, name)));
      const responses = mapValues(operation.responses, (raw) => {
        const response = resolve(document, raw);
        return {
          content: mapValues(response.content, (media) => ((media as Schema).schema ?? {}) as Schema),
          headers: Object.fromEntries(Object.entries(mapValues(response.headers, (h) => resolve(document, resolve(document, h).schema))).map(([k, v]) => [k.toLowerCase(), v])),
        };
      });
      operations.push({
        operationId: String(operation.operationId ?? `${method.toUpperCase()} ${path} (no operationId)`),
        method,
        path,
        parameters,
        body: requestBody ? mapValues(requestBody.content, (media) => flatBody(document, resolve(document, (media as Schema).schema))) : undefined,
        security,
        responses,
      });
    }
  }
  return { document, operations };
}

/** A regular expression for the path template (`{name}` is one non-empty segment). */
export function pathPattern(template: string): RegExp {
  const escaped = template.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\{[^}]+\}/g, '[^/]+');
  return new RegExp(`^${escaped}$`);
}
