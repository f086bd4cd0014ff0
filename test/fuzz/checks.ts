/**
 * Response checks: what every answer to every generated request must satisfy,
 * judged against openapi.yaml. Each check returns the problems it found, so a
 * failing run lists all of them at once.
 */
import { createRequire } from 'node:module';
import { knownBugs } from './known-bugs.js';
import { leakPatterns } from './values.js';
import { pathPattern, type Spec, type SpecOperation, type SpecResponse } from './spec.js';

export interface Answer {
  readonly status: number;
  readonly headers: Headers;
  readonly text: string;
}

interface Validate {
  (data: unknown): boolean;
  errors?: { instancePath: string; message?: string }[] | null;
}

interface AjvInstance {
  addSchema(schema: object): void;
  compile(schema: object): Validate;
}

/**
 * The ajv (JSON Schema 2020-12, as OpenAPI 3.1 uses) that express-openapi-validator
 * brings: resolved from the validator's own location, not whatever `ajv` is hoisted.
 */
function createAjv(): AjvInstance {
  const load = createRequire(require.resolve('express-openapi-validator'));
  const Ajv2020 = (load('ajv/dist/2020') as { default: new (options: object) => AjvInstance }).default;
  return new Ajv2020({ strict: false, validateFormats: false, allErrors: true });
}

/** The JSON error shapes of openapi.yaml, for answers the operation does not declare (e.g. a path that left the template). */
const anyErrorSchema = { anyOf: [{ $ref: 'openapi.yaml#/components/schemas/OAuthError' }, { $ref: 'openapi.yaml#/components/schemas/BearerError' }] };

export type Checker = (op: SpecOperation, requestTarget: string, answer: Answer) => string[];

/** What the world registered: where redirects may go, which origins CORS may echo. */
export interface Registered {
  readonly redirectUris: readonly string[];
  readonly origins: readonly string[];
}

/** One answer, with what the checks need to know about it. */
interface Judged extends Answer {
  readonly op: SpecOperation;
  /** The media type, without parameters. */
  readonly type: string;
  /** The path still matches the operation's template (dot segments and encoded slashes can take it elsewhere). */
  readonly onTemplate: boolean;
  readonly declared: SpecResponse | undefined;
}

export function createChecker(spec: Spec, registered: Registered): Checker {
  const ajv = createAjv();
  ajv.addSchema({ $id: 'openapi.yaml', components: (spec.document as { components: unknown }).components });
  const validators = new Map<string, Validate>();
  const validatorFor = (key: string, schema: object): Validate => {
    const local = JSON.stringify(schema).replace(/"\$ref":"#\//g, '"$ref":"openapi.yaml#/');
    if (!validators.has(key)) validators.set(key, ajv.compile(JSON.parse(local) as object));
    return validators.get(key)!;
  };
  const patterns = new Map(spec.operations.map((op) => [op.operationId, pathPattern(op.path)]));

  /** The body is JSON and valid against the spec's schema for this operation and status (any error shape off-template). */
  function json(a: Judged): string[] {
    if (a.type !== 'application/json') return [];
    let body: unknown;
    try {
      body = JSON.parse(a.text);
    } catch {
      return [`invalid JSON: ${a.text.slice(0, 100)}`];
    }
    const problems: string[] = [];
    const description = (body as { error_description?: unknown } | null)?.error_description;
    // RFC 6749 §5.2, RFC 6750 §3: error_description is limited to %x20-21 / %x23-5B / %x5D-7E.
    if (typeof description === 'string' && !/^[\x20\x21\x23-\x5B\x5D-\x7E]*$/.test(description)) {
      problems.push(`error_description outside the RFC 6749 §5.2 charset: ${JSON.stringify(description.slice(0, 120))}`);
    }
    // Quoted input is cut short: a 60 KB parameter must not come back as a 60 KB description.
    if (typeof description === 'string' && description.length > 500) problems.push(`error_description is ${description.length} characters long`);
    const schema = a.onTemplate ? a.declared?.content['application/json'] : a.status >= 400 ? anyErrorSchema : undefined;
    const validate = schema && validatorFor(`${a.onTemplate ? a.op.operationId : '*'} ${a.status}`, schema);
    if (validate && !validate(body)) {
      problems.push(`body ${a.text.slice(0, 200)} does not match the spec: ${validate.errors?.map((e) => `${e.instancePath || '/'} ${e.message}`).join('; ')}`);
    }
    return problems;
  }

  /** Redirects only to this server's pages or registered URIs; CORS only for registered origins, never with credentials; cookies HttpOnly. */
  function browserSafety(a: Judged): string[] {
    const problems: string[] = [];
    const location = a.headers.get('location');
    if (location !== null && !isRegisteredTarget(location, registered)) problems.push(`redirects to an unregistered address: ${location.slice(0, 200)}`);
    const allowOrigin = a.headers.get('access-control-allow-origin');
    if (allowOrigin !== null && allowOrigin !== '*' && !registered.origins.includes(allowOrigin)) problems.push(`CORS allows an unregistered origin: ${allowOrigin}`);
    if (a.headers.get('access-control-allow-credentials') !== null) problems.push('CORS allows credentials');
    for (const cookie of a.headers.getSetCookie()) if (!/;\s*HttpOnly/i.test(cookie)) problems.push(`a cookie without HttpOnly: ${cookie}`);
    return problems;
  }

  function judge(op: SpecOperation, target: string, answer: Answer): string[] {
    const problems = [...serverErrors(answer), ...leaks(answer)];
    // Node's HTTP parser refuses some requests itself (431 header too large, 400 bad header): no Express, no body.
    if (!answer.headers.has('x-request-id')) {
      if (answer.status < 400 || answer.status >= 500 || answer.text !== '') problems.push(`an answer that bypassed the app: ${answer.status} ${answer.text.slice(0, 100)}`);
      return problems;
    }
    const judged: Judged = {
      ...answer,
      op,
      type: (answer.headers.get('content-type') ?? '').split(';')[0]!.trim().toLowerCase(),
      onTemplate: patterns.get(op.operationId)!.test(new URL(target, 'http://x').pathname),
      declared: op.responses[String(answer.status)] ?? op.responses.default,
    };
    return [...problems, ...contract(judged), ...json(judged), ...browserSafety(judged), ...page(judged)];
  }

  return (op, target, answer) => {
    const excused = knownBugs.filter((bug) => bug.when(op, answer)).map((bug) => bug.excuses);
    return judge(op, target, answer).filter((problem) => !excused.some((e) => e.test(problem)));
  };
}

function serverErrors(a: Answer): string[] {
  return a.status >= 500 ? [`status ${a.status}`] : [];
}

/** Nothing of the server's insides in the body or the challenge. */
function leaks(a: Answer): string[] {
  return [a.text, a.headers.get('www-authenticate') ?? ''].flatMap((where) => leakPatterns.filter((p) => p.test(where)).map((p) => `leaks ${p}: ${excerpt(where, p)}`));
}

/** The status is declared for the operation, with its media type, and the headers the spec says are always there. */
function contract(a: Judged): string[] {
  if (!a.onTemplate) return [];
  if (!a.declared) return [`status ${a.status} is not declared for ${a.op.operationId}`];
  const problems: string[] = [];
  const types = Object.keys(a.declared.content);
  if (types.length && !types.includes(a.type)) problems.push(`content-type "${a.type}" is not one of ${types.join(', ')}`);
  if (!types.length && a.text !== '') problems.push(`a body where the spec declares none: ${a.text.slice(0, 100)}`);
  for (const [name, schema] of Object.entries(a.declared.headers)) {
    const value = a.headers.get(name);
    if (schema.const !== undefined && value !== schema.const) problems.push(`header ${name} is ${JSON.stringify(value)}, the spec says always ${JSON.stringify(schema.const)}`);
    if (schema.type === 'integer' && value !== null && !/^\d+$/.test(value)) problems.push(`header ${name} is not an integer: ${value}`);
  }
  return problems;
}

/** Pages carry the headers openapi.yaml promises (HtmlPage): CSP with frame-ancestors 'none', nosniff, Referrer-Policy, no-store. */
function page(a: Judged): string[] {
  if (a.type !== 'text/html') return [];
  const problems: string[] = [];
  const csp = a.headers.get('content-security-policy') ?? '';
  if (!/frame-ancestors 'none'/.test(csp)) problems.push(`page without CSP frame-ancestors 'none': ${csp}`);
  if (a.headers.get('x-content-type-options') !== 'nosniff') problems.push('page without X-Content-Type-Options: nosniff');
  if (!a.headers.get('referrer-policy')) problems.push('page without Referrer-Policy');
  if (!/no-store/.test(a.headers.get('cache-control') ?? '')) problems.push('page without Cache-Control: no-store');
  return problems;
}

/** A page of this server (a path, not `//host`), or exactly a registered redirect URI plus a query or fragment. */
function isRegisteredTarget(location: string, registered: Registered): boolean {
  if (/^\/(?![/\\])/.test(location)) return true;
  try {
    const url = new URL(location);
    return registered.redirectUris.some((uri) => `${url.origin}${url.pathname}` === uri);
  } catch {
    return false;
  }
}

function excerpt(text: string, pattern: RegExp): string {
  const at = text.search(pattern);
  return JSON.stringify(text.slice(Math.max(0, at - 60), at + 100));
}
