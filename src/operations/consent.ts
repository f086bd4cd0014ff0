import type { Answer, Operation, OperationRequest } from '../http/operation.js';
import type { BodyOf } from '../http/operation-types.js';
import type { AuthorizeFlow } from '../interaction/authorize-flow.js';
import { csrfTokenMatches } from '../interaction/csrf.js';
import { errorPage, formTarget, pageResponse, seeOther } from '../interaction/page-response.js';
import { renderConsentPage } from '../interaction/pages/index.js';
import type { Auditor } from '../services/audit.js';
import type { BrowserSessions } from '../services/browser-sessions.js';
import type { Consents } from '../services/consents.js';
import type { Interactions } from '../services/interactions.js';
import type { Stores } from '../store/index.js';
import { expiredSignIn } from './login.js';

/** What the consent page needs. */
export interface ConsentDependencies {
  flow: AuthorizeFlow;
  interactions: Interactions;
  sessions: BrowserSessions;
  consents: Consents;
  stores: Pick<Stores, 'clients' | 'scopes' | 'users'>;
  auditor: Auditor;
}

async function loadConsentContext(deps: ConsentDependencies, cookies: OperationRequest['cookies']) {
  const pending = await deps.interactions.resolve(cookies.interaction);
  // Only an interaction that has passed the login step may be consented to (else prompt=login and max_age could be skipped).
  if (!pending || pending.purpose.kind !== 'authorize' || pending.purpose.loginDone !== true) return undefined;
  const [session, client] = await Promise.all([deps.sessions.resolve(cookies.session), deps.stores.clients.findById(pending.purpose.clientId)]);
  return client ? { pending, purpose: pending.purpose, session, client } : undefined;
}

/** GET /consent: which app asks for what, in plain words. */
export function getConsent(deps: ConsentDependencies): Operation<'getConsent'> {
  return {
    page: true,
    async handle({ cookies, meta }): Answer<'getConsent'> {
      const context = await loadConsentContext(deps, cookies);
      if (!context) return errorPage(400, expiredSignIn, meta.requestId);
      if (!context.session) return seeOther('/login');
      const [user, scopes] = await Promise.all([deps.stores.users.findById(context.session.userId), deps.stores.scopes.list()]);
      const described = context.purpose.scopes.map((name) => ({ name, description: scopes.find((s) => s.name === name)?.description ?? name }));
      return pageResponse(
        200,
        (nonce) => renderConsentPage({ nonce, action: '/consent', csrfToken: context.pending.csrfToken, clientName: context.client.clientName, username: user?.username ?? '', scopes: described }),
        { formTargets: [formTarget(context.purpose.redirectUri)] },
      );
    },
  };
}

/** POST /consent: approve (remember the scopes, continue) or deny (`access_denied`). */
export function postConsent(deps: ConsentDependencies): Operation<'postConsent'> {
  return {
    page: true,
    async handle(request: OperationRequest<BodyOf<'postConsent'>>): Answer<'postConsent'> {
      const { body, cookies, meta } = request;
      const context = await loadConsentContext(deps, cookies);
      if (!context) return errorPage(400, expiredSignIn, meta.requestId);
      if (request.repeatedParams?.length || !csrfTokenMatches(body.csrf_token, context.pending.csrfToken)) {
        return errorPage(403, 'The consent form was not valid. Reload the page and try again.', meta.requestId);
      }
      if (!context.session) return seeOther('/login');
      const { purpose, client, session } = context;
      if (body.decision !== 'approve' && body.decision !== 'deny') return errorPage(400, 'Choose Allow or Deny.', meta.requestId);
      await deps.interactions.finish(context.pending.cookie);
      const audit = { clientId: client.clientId, subject: session.userId, detail: { scope: purpose.scopes.join(' ') } };
      if (body.decision === 'deny') {
        await deps.auditor.record({ event: 'consent.denied', outcome: 'failure', ...audit }, meta);
        return deps.flow.denied(purpose, meta);
      }
      await deps.consents.grant(session.userId, client.clientId, purpose.scopes);
      await deps.auditor.record({ event: 'consent.granted', outcome: 'success', ...audit }, meta);
      return deps.flow.proceed({ ...purpose, loginDone: true, consentDone: true }, client, session, meta);
    },
  };
}
