import type { IncomingHttpHeaders } from 'node:http';
import type { RequestMeta } from '../services/audit.js';
import type { VerifiedAccessToken } from '../resource-server/index.js';
import type { CookieInstruction, CookieName } from './cookies.js';
import type { BodyOf, OperationId, QueryOf, ResultOf } from './operation-types.js';

/** What an operation sees of a request: parsed, validated input and nothing of Express. */
export interface OperationRequest<TBody = unknown, TQuery = Record<string, unknown>> {
  /** The parsed form body (`{}` when there is none). */
  readonly body: NonNullable<TBody>;
  /** The query parameters (`{}` when there are none), as openapi.yaml declares them. */
  readonly query: Readonly<NonNullable<TQuery>>;
  readonly headers: IncomingHttpHeaders;
  readonly meta: RequestMeta;
  readonly path: Readonly<Record<string, string>>;
  /** Latchkey's own cookies, by name. */
  readonly cookies: Readonly<Partial<Record<CookieName, string>>>;
  /** Parameters that were repeated (page operations only; API operations refuse them before this point). */
  readonly repeatedParams?: readonly string[];
  /** Every value of each repeated parameter, in order (page operations only). */
  readonly repeatedValues?: Readonly<Record<string, readonly string[]>>;
  /** The `Origin` header, for CORS decisions. */
  readonly origin?: string;
  /** Set for operations protected by a bearer token. */
  readonly accessToken?: VerifiedAccessToken;
}

/** What an operation answers; `http/` writes it. */
export interface OperationResponse<TBody = never> {
  readonly status: number;
  readonly body?: TBody;
  /** Extra headers; an empty value removes a default header (e.g. `Pragma`). */
  readonly headers?: Readonly<Record<string, string>>;
  /** An HTML document to send as `text/html` instead of a JSON body. */
  readonly html?: string;
  /** A plain-text body, sent with the `Content-Type` from `headers` (e.g. Prometheus metrics). */
  readonly text?: string;
  /** A binary body, sent with the `Content-Type` from `headers` (e.g. the brand's logo). */
  readonly bytes?: Uint8Array;
  readonly cookies?: readonly CookieInstruction[];
}

/** What a bearer-protected operation requires of the token; `resource-server/` decides, as for any API behind it. */
export interface BearerRequirement {
  /** The scopes the token must carry (RFC 6750 §3.1); the spec's `bearerAuth` must name the same ones. */
  readonly scopes: readonly string[];
  /** `admin`: only tokens of the admin audience are accepted (and only they need the `admin` scope). */
  readonly audience?: 'admin';
  /** The `acr` values the user's sign-in may have met, in order of preference (RFC 9470 §3 `acr_values`). */
  readonly acr?: readonly string[];
  /** The most seconds allowed since the user's sign-in, `auth_time` (RFC 9470 §3 `max_age`). */
  readonly maxAge?: number;
}

/** Who may call an operation from a browser (Fetch Standard §3.2): anyone (public documents) or origins that clients registered. */
export type CorsPolicy = 'any-origin' | 'registered-origins';

/**
 * Which request limits an operation counts against: `address` per client address; `client` per address and
 * per client id, refusing addresses and (client, address) pairs over the authentication-failure limit.
 */
export type RateLimitPolicy = 'address' | 'client';

/**
 * One operation of openapi.yaml: its handler and everything that runs before it. `http/registry.ts`
 * mounts exactly these steps on the operation's route, in a fixed order (see `pipelineOf`).
 */
export interface OperationDefinition<TBody = unknown, TResult = unknown, TQuery = Record<string, unknown>> {
  /** A bearer token, and what it must carry (see {@link BearerRequirement}). */
  readonly bearer?: BearerRequirement;
  /** CORS headers on actual requests; absent, none (preflights are their own `OPTIONS` operations). */
  readonly cors?: CorsPolicy;
  /** The request limits this operation counts against; absent, none. */
  readonly rateLimit?: RateLimitPolicy;
  /**
   * Answers with HTML pages or redirects: every error is an HTML page, never JSON. Its parameters are
   * checked in code, not by the schema validator; repeated ones arrive once, named in `repeatedParams`.
   */
  readonly page?: boolean;
  handle(request: OperationRequest<TBody, TQuery>): Promise<OperationResponse<TResult>>;
}

/** The definition of operation `K`, typed by its generated `XxxData` (body and query) and `XxxResponses`/`XxxErrors` (answer). */
export type Operation<K extends OperationId> = OperationDefinition<BodyOf<K>, ResultOf<K>, QueryOf<K>>;

/** What the handler of operation `K` resolves to: an explicit return type, so a field openapi.yaml lacks fails `tsc`. */
export type Answer<K extends OperationId> = Promise<OperationResponse<ResultOf<K>>>;

/** Exactly one handler per operationId of openapi.yaml: a missing or extra one fails `tsc`. */
export type OperationRegistry = { readonly [K in OperationId]: Operation<K> };

/** Any set of handlers by operationId, as the start-up check sees them (it also catches a spec changed without regenerating). */
export type AnyOperationRegistry = Readonly<Record<string, OperationDefinition<never, unknown, never>>>;
