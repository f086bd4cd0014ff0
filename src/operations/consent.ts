import type { Answer, Operation, OperationRequest, OperationResponse } from '../http/operation.js';
import type { BodyOf } from '../http/operation-types.js';
import type { AuthorizeFlow } from '../interaction/authorize-flow.js';
import { csrfTokenMatches } from '../interaction/csrf.js';
import { errorPage, formTarget, pageResponse, seeOther } from '../interaction/page-response.js';
import { renderConsentPage, type Brand } from '../interaction/pages/index.js';
import type { Auditor, RequestMeta } from '../services/audit.js';
import type { BrowserSessions } from '../services/browser-sessions.js';
import type { Consents } from '../services/consents.js';
import type { Interactions, PendingInteraction } from '../services/interactions.js';
import type { Stores } from '../store/index.js';
import { alreadyComplete, interactionUi } from './login.js';
import { describeScope } from '../interaction/scope-text.js';

/** What the consent page needs. */
export interface ConsentDependencies {
  flow: AuthorizeFlow;
  interactions: Interactions;
  sessions: BrowserSessions;
  consents: Consents;
  stores: Pick<Stores, 'clients' | 'scopes' | 'users' | 'apis'>;
  auditor: Auditor;
  brand: Brand;
  interactionTtlS: number;
}

/** The host of a client's `client_uri` (RFC 7591 §2), shown so that people can tell look-alike app names apart. */
function hostOf(uri: string | null): string | undefined {
  if (!uri) return undefined;
  try {
    return new URL(uri).host;
  } catch {
    return undefined;
  }
}

async function loadConsentContext(deps: ConsentDependencies, cookies: OperationRequest['cookies'], pending: PendingInteraction | undefined) {
  // Only an interaction that has passed the login step may be consented to (else prompt=login and max_age could be skipped).
  if (!pending || pending.purpose.kind !== 'authorize' || pending.purpose.loginDone !== true) return undefined;
  const [session, client] = await Promise.all([deps.sessions.resolve(cookies.session), deps.stores.clients.findById(pending.purpose.clientId)]);
  return client ? { pending, purpose: pending.purpose, session, client } : undefined;
}

/** GET /consent: which app asks for what, in plain words. */
export function getConsent(deps: ConsentDependencies): Operation<'getConsent'> {
  return {
    page: true,
    async handle({ cookies, meta, headers }): Answer<'getConsent'> {
      const pending = await deps.interactions.resolve(cookies.interaction);
      const ui = interactionUi(deps.brand, pending, headers);
      const context = await loadConsentContext(deps, cookies, pending);
      if (!context) return (!pending && (await alreadyComplete(deps.stores.clients, cookies, ui))) || errorPage(ui, 400, ui.text.t('error.expiredSignIn'), meta.requestId);
      if (!context.session) return seeOther('/login');
      const [user, scopes, apis] = await Promise.all([deps.stores.users.findById(context.session.userId), deps.stores.scopes.list(), deps.stores.apis.list()]);
      const described = context.purpose.scopes.map((name) => describeScope(ui, name, scopes));
      // Issue 12 §1: the consent page names the registered APIs the request is for.
      const apiNames = (context.purpose.resources ?? []).flatMap((identifier) => apis.filter((api) => api.identifier === identifier).map((api) => api.name));
      return pageResponse(
        200,
        (nonce) => renderConsentPage({ nonce, ui, action: '/consent', csrfToken: context.pending.csrfToken, clientName: context.client.clientName, ...(hostOf(context.client.clientUri) ? { clientHost: hostOf(context.client.clientUri) } : {}), switchAccount: true, username: user?.username ?? '', scopes: described, apis: apiNames }),
        { formTargets: [formTarget(context.purpose.redirectUri)] },
      );
    },
  };
}

/** "Not you? Switch account": ends the session and starts the same authorization request again at the login page. */
async function switchAccount(deps: ConsentDependencies, context: ConsentContext, sessionCookie: string | undefined, meta: RequestMeta): Promise<OperationResponse> {
  await deps.sessions.end(sessionCookie);
  await deps.interactions.finish(context.pending.cookie);
  const { consentDone: _consentDone, ...purpose } = context.purpose;
  const next = await deps.interactions.create({ ...purpose, loginDone: false }, meta);
  await deps.auditor.record({ event: 'user.logout', outcome: 'success', subject: context.session?.userId ?? null, clientId: context.client.clientId, detail: { via: 'switch_account' } }, meta);
  return seeOther('/login', [
    { name: 'session', value: null },
    { name: 'interaction', value: next.cookie, maxAgeS: deps.interactionTtlS },
  ]);
}

type ConsentContext = NonNullable<Awaited<ReturnType<typeof loadConsentContext>>>;

/** POST /consent: approve (remember the scopes, continue) or deny (`access_denied`). */
export function postConsent(deps: ConsentDependencies): Operation<'postConsent'> {
  return {
    page: true,
    async handle(request: OperationRequest<BodyOf<'postConsent'>>): Answer<'postConsent'> {
      const { body, cookies, meta } = request;
      const pending = await deps.interactions.resolve(cookies.interaction);
      const ui = interactionUi(deps.brand, pending, request.headers);
      const context = await loadConsentContext(deps, cookies, pending);
      if (!context) return (!pending && (await alreadyComplete(deps.stores.clients, cookies, ui))) || errorPage(ui, 400, ui.text.t('error.expiredSignIn'), meta.requestId);
      if (request.repeatedParams?.length || !csrfTokenMatches(body.csrf_token, context.pending.csrfToken)) {
        return errorPage(ui, 403, ui.text.t('error.consentForm'), meta.requestId);
      }
      if (!context.session) return seeOther('/login');
      const { purpose, client, session } = context;
      if (body.decision === 'switch_account') return switchAccount(deps, context, cookies.session, meta);
      if (body.decision !== 'approve' && body.decision !== 'deny') return errorPage(ui, 400, ui.text.t('error.chooseAllowDeny'), meta.requestId);
      await deps.interactions.finish(context.pending.cookie);
      const audit = { clientId: client.clientId, subject: session.userId, detail: { scope: purpose.scopes.join(' ') } };
      if (body.decision === 'deny') {
        await deps.auditor.record({ event: 'consent.denied', outcome: 'failure', ...audit }, meta);
        return deps.flow.denied(purpose, meta, ui);
      }
      await deps.consents.grant(session.userId, client.clientId, purpose.scopes);
      await deps.auditor.record({ event: 'consent.granted', outcome: 'success', ...audit }, meta);
      return deps.flow.proceed({ ...purpose, loginDone: true, consentDone: true }, client, session, meta, ui);
    },
  };
}
