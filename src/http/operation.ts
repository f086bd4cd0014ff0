import type { IncomingHttpHeaders } from 'node:http';
import type { RequestMeta } from '../services/audit.js';
import type { VerifiedAccessToken } from '../resource-server/index.js';

/** What an operation sees of a request: parsed, validated input and nothing of Express. */
export interface OperationRequest<TBody = unknown> {
  readonly body: TBody;
  readonly query: Readonly<Record<string, unknown>>;
  readonly headers: IncomingHttpHeaders;
  readonly meta: RequestMeta;
  /** Set for operations protected by a bearer token. */
  readonly accessToken?: VerifiedAccessToken;
}

/** What an operation answers; `http/` writes it. */
export interface OperationResponse<TBody = unknown> {
  readonly status: number;
  readonly body?: TBody;
  /** Extra headers; an empty value removes a default header (e.g. `Pragma`). */
  readonly headers?: Readonly<Record<string, string>>;
}

/** One operation of openapi.yaml: its handler and, for bearer operations, the scopes it needs. */
export interface OperationDefinition<TBody = unknown, TResult = unknown> {
  readonly bearer?: { readonly scopes: readonly string[] };
  handle(request: OperationRequest<TBody>): Promise<OperationResponse<TResult>>;
}

/** The handler of every operationId. */
export type OperationRegistry = Readonly<Record<string, OperationDefinition<never, unknown>>>;
