import { verifyIdTokenHint } from '../crypto/id-token.js';
import type { Keystore } from '../crypto/keystore.js';
import type { LogoutForm } from '../../generated/types.gen.js';
import type { Answer, Operation, OperationRequest } from '../http/operation.js';
import type { BodyOf, QueryOf } from '../http/operation-types.js';
import { csrfTokenMatches } from '../interaction/csrf.js';
import { errorPage, formTarget, pageResponse, seeOther } from '../interaction/page-response.js';
import { negotiatedUi, renderLogoutPage, renderSignedOutPage, type Brand, type PageUi } from '../interaction/pages/index.js';
import type { Auditor } from '../services/audit.js';
import type { BrowserSessions } from '../services/browser-sessions.js';
import type { ClientRecord } from '../domain/records.js';
import type { ClientStore } from '../store/clients.js';

/** What RP-initiated logout needs. */
export interface LogoutDependencies {
  keystore: Keystore;
  clients: ClientStore;
  sessions: BrowserSessions;
  auditor: Auditor;
  issuer: string;
  brand: Brand;
}

interface LogoutTarget {
  client?: ClientRecord;
  /** Set only when it exactly matches a URI registered for the client (RP-Initiated Logout §3). */
  redirectUri?: string;
  state?: string;
}

/** Works out the client (from a valid id_token_hint or client_id) and whether the redirect may be followed. */
async function logoutTarget(deps: LogoutDependencies, params: LogoutForm): Promise<LogoutTarget> {
  const hint = params.id_token_hint ? await verifyIdTokenHint(deps.keystore, params.id_token_hint, deps.issuer) : undefined;
  // A hint that does not verify, or that names another client than client_id, means no redirect at all.
  if (params.id_token_hint && !hint) return {};
  if (hint && params.client_id && hint.aud !== params.client_id) return {};
  const clientId = hint?.aud ?? params.client_id;
  const client = clientId ? await deps.clients.findById(clientId) : undefined;
  if (!client) return {};
  const uri = params.post_logout_redirect_uri;
  const redirectUri = uri && client.postLogoutRedirectUris.includes(uri) ? uri : undefined;
  return { client, ...(redirectUri ? { redirectUri } : {}), ...(params.state !== undefined ? { state: params.state } : {}) };
}

function afterLogout(target: LogoutTarget, ui: PageUi) {
  const clearSession = [{ name: 'session' as const, value: null }];
  if (!target.redirectUri) return pageResponse(200, (nonce) => renderSignedOutPage({ nonce, ui }), { cookies: clearSession });
  const url = new URL(target.redirectUri);
  if (target.state !== undefined) url.searchParams.append('state', target.state);
  return seeOther(url.toString(), clearSession);
}

/** GET and POST /logout (OpenID Connect RP-Initiated Logout 1.0): confirm, end the session, then go back only to a registered URI. */
export function logout(deps: LogoutDependencies, from: 'query'): Operation<'getLogout'>;
export function logout(deps: LogoutDependencies, from: 'body'): Operation<'postLogout'>;
export function logout(deps: LogoutDependencies, from: 'query' | 'body'): Operation<'getLogout'> | Operation<'postLogout'> {
  return {
    page: true,
    async handle(request: OperationRequest<BodyOf<'postLogout'>, QueryOf<'getLogout'>>): Answer<'getLogout'> {
      const params: LogoutForm = from === 'query' ? request.query : request.body;
      const { meta, cookies } = request;
      const ui = negotiatedUi(deps.brand, undefined, request.headers['accept-language']);
      if (request.repeatedParams?.length) return errorPage(ui, 400, ui.text.t('error.logoutRepeated'), meta.requestId);
      const [target, session] = await Promise.all([logoutTarget(deps, params), deps.sessions.resolve(cookies.session)]);
      if (!session) return afterLogout(target, ui);
      if (from === 'body' && params.decision !== undefined) {
        if (!csrfTokenMatches(params.csrf_token, session.csrfToken)) return errorPage(ui, 403, ui.text.t('error.logoutForm'), meta.requestId);
        if (params.decision === 'cancel') return seeOther('/account');
        if (params.decision !== 'logout') return errorPage(ui, 400, ui.text.t('error.chooseSignOut'), meta.requestId);
        await deps.sessions.end(cookies.session);
        await deps.auditor.record({ event: 'user.logout', outcome: 'success', subject: session.userId, clientId: target.client?.clientId ?? null }, meta);
        return afterLogout(target, ui);
      }
      const hiddenFields: Record<string, string> = {};
      if (target.client) hiddenFields.client_id = target.client.clientId;
      if (target.redirectUri) hiddenFields.post_logout_redirect_uri = target.redirectUri;
      if (target.state !== undefined) hiddenFields.state = target.state;
      if (params.id_token_hint && target.client) hiddenFields.id_token_hint = params.id_token_hint;
      return pageResponse(
        200,
        (nonce) => renderLogoutPage({ nonce, ui, action: '/logout', csrfToken: session.csrfToken, ...(target.client ? { clientName: target.client.clientName } : {}), hiddenFields }),
        { formTargets: target.redirectUri ? [formTarget(target.redirectUri)] : [] },
      );
    },
  };
}
