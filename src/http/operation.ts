import type { IncomingHttpHeaders } from 'node:http';
import type { RequestMeta } from '../services/audit.js';
import type { VerifiedAccessToken } from '../resource-server/index.js';
import type { CookieInstruction, CookieName } from './cookies.js';

/** What an operation sees of a request: parsed, validated input and nothing of Express. */
export interface OperationRequest<TBody = unknown> {
  readonly body: TBody;
  readonly query: Readonly<Record<string, unknown>>;
  readonly headers: IncomingHttpHeaders;
  readonly meta: RequestMeta;
  readonly path: Readonly<Record<string, string>>;
  /** Latchkey's own cookies, by name. */
  readonly cookies: Readonly<Partial<Record<CookieName, string>>>;
  /** Parameters that were repeated (page operations only; API operations refuse them before this point). */
  readonly repeatedParams?: readonly string[];
  /** The `Origin` header, for CORS decisions. */
  readonly origin?: string;
  /** Set for operations protected by a bearer token. */
  readonly accessToken?: VerifiedAccessToken;
}

/** What an operation answers; `http/` writes it. */
export interface OperationResponse<TBody = unknown> {
  readonly status: number;
  readonly body?: TBody;
  /** Extra headers; an empty value removes a default header (e.g. `Pragma`). */
  readonly headers?: Readonly<Record<string, string>>;
  /** An HTML document to send as `text/html` instead of a JSON body. */
  readonly html?: string;
  /** A plain-text body, sent with the `Content-Type` from `headers` (e.g. Prometheus metrics). */
  readonly text?: string;
  readonly cookies?: readonly CookieInstruction[];
}

/** One operation of openapi.yaml: its handler and, for bearer operations, the scopes it needs. */
export interface OperationDefinition<TBody = unknown, TResult = unknown> {
  readonly bearer?: { readonly scopes: readonly string[] };
  handle(request: OperationRequest<TBody>): Promise<OperationResponse<TResult>>;
}

/** The handler of every operationId. */
export type OperationRegistry = Readonly<Record<string, OperationDefinition<never, unknown>>>;
