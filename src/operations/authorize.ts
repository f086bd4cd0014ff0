import type { Answer, Operation, OperationRequest } from '../http/operation.js';
import type { BodyOf, QueryOf } from '../http/operation-types.js';
import { authorizationErrorOutcome, type AuthorizeFlow } from '../interaction/authorize-flow.js';
import { AuthorizationError } from '../oauth/authorization-errors.js';
import { uiLocalesOf, validateAuthorizationRequest } from '../oauth/authorization-request.js';
import { negotiatedUi, type Brand } from '../interaction/pages/index.js';
import type { BrowserSessions } from '../services/browser-sessions.js';
import type { ClientStore } from '../store/clients.js';
import type { ScopeStore } from '../store/scopes.js';
import type { ApiCatalogueSource } from '../services/api-catalogue.js';

/** What GET and POST /authorize need. */
export interface AuthorizeDependencies {
  flow: AuthorizeFlow;
  clients: ClientStore;
  scopes: ScopeStore;
  /** The registered APIs, for the `resource` parameter (RFC 8707). */
  apis: ApiCatalogueSource;
  sessions: BrowserSessions;
  issuer: string;
  brand: Brand;
}

/** GET and POST /authorize (RFC 6749 §3.1 "MUST support GET, MAY support POST"; OIDC Core §3.1.2.1 requires both). */
export function authorize(deps: AuthorizeDependencies, from: 'query'): Operation<'getAuthorize'>;
export function authorize(deps: AuthorizeDependencies, from: 'body'): Operation<'postAuthorize'>;
export function authorize(deps: AuthorizeDependencies, from: 'query' | 'body'): Operation<'getAuthorize'> | Operation<'postAuthorize'> {
  return {
    page: true,
    rateLimit: 'address',
    async handle(request: OperationRequest<BodyOf<'postAuthorize'>, QueryOf<'getAuthorize'>>): Answer<'getAuthorize'> {
      const source: Record<string, unknown> = from === 'query' ? request.query : request.body;
      const params: Record<string, unknown> = { ...source };
      for (const name of request.repeatedParams ?? []) params[name] = [...(request.repeatedValues?.[name] ?? [source[name], source[name]])];
      const clientId = typeof params.client_id === 'string' ? params.client_id : undefined;
      const client = clientId ? await deps.clients.findById(clientId) : undefined;
      const [scopes, catalogue] = await Promise.all([deps.scopes.list(), deps.apis.current()]);
      const known = new Set(scopes.map((s) => s.name));
      const ui = negotiatedUi(deps.brand, uiLocalesOf(params).uiLocales, request.headers['accept-language']);
      try {
        const validated = validateAuthorizationRequest(params, client, known, catalogue);
        const session = await deps.sessions.resolve(request.cookies.session);
        return await deps.flow.proceed({ kind: 'authorize', ...validated }, client!, session, request.meta, ui);
      } catch (error) {
        if (error instanceof AuthorizationError) return authorizationErrorOutcome(error, deps.issuer, request.meta.requestId, ui);
        throw error;
      }
    },
  };
}
