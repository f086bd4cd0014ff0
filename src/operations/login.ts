import type { Answer, Operation, OperationRequest } from '../http/operation.js';
import type { BodyOf } from '../http/operation-types.js';
import type { AuthorizeFlow } from '../interaction/authorize-flow.js';
import { csrfTokenMatches } from '../interaction/csrf.js';
import { errorPage, formTarget, pageResponse, seeOther } from '../interaction/page-response.js';
import { negotiatedUi, renderLoginPage, type Brand, type PageUi } from '../interaction/pages/index.js';
import type { Auditor } from '../services/audit.js';
import type { BrowserSessions } from '../services/browser-sessions.js';
import { TooManyInteractionsError, type Interactions, type PendingInteraction } from '../services/interactions.js';
import { rateLimitedPage, type GuardedSignIn } from '../rate-limit/index.js';
import type { ClientStore } from '../store/clients.js';

/** What the login page needs. */
export interface LoginDependencies {
  flow: AuthorizeFlow;
  interactions: Interactions;
  sessions: BrowserSessions;
  signIns: GuardedSignIn;
  clients: ClientStore;
  auditor: Auditor;
  interactionTtlS: number;
  sessionTtlS: number;
  brand: Brand;
}

/** The page UI for a request: the sign-in's `ui_locales` (kept from /authorize), then `Accept-Language`. */
export function interactionUi(brand: Brand, pending: PendingInteraction | undefined, headers: OperationRequest['headers']): PageUi {
  const uiLocales = pending?.purpose.kind === 'authorize' ? pending.purpose.uiLocales : undefined;
  return negotiatedUi(brand, uiLocales, headers['accept-language']);
}

async function clientNameOf(deps: LoginDependencies, pending: PendingInteraction): Promise<string | undefined> {
  return pending.purpose.kind === 'authorize' ? (await deps.clients.findById(pending.purpose.clientId))?.clientName : undefined;
}

/** Signing in may redirect straight back to the app, so the form may lead there (CSP form-action). */
function formTargetsOf(pending: PendingInteraction): string[] {
  return pending.purpose.kind === 'authorize' ? [formTarget(pending.purpose.redirectUri)] : [];
}

function loginPage(ui: PageUi, pending: PendingInteraction, clientName: string | undefined, extra: { username?: string; error?: string } = {}) {
  return (nonce: string) => renderLoginPage({ nonce, ui, action: '/login', csrfToken: pending.csrfToken, ...(clientName ? { clientName } : {}), ...extra });
}

/** GET /login: the form, for the sign-in in progress or, without one, for the account page. */
export function getLogin(deps: LoginDependencies): Operation<'getLogin'> {
  return {
    page: true,
    rateLimit: 'address',
    async handle({ cookies, meta, headers }): Answer<'getLogin'> {
      const existing = await deps.interactions.resolve(cookies.interaction);
      let pending: PendingInteraction;
      try {
        pending = existing ?? (await deps.interactions.create({ kind: 'account' }, meta));
      } catch (error) {
        if (error instanceof TooManyInteractionsError) return rateLimitedPage(interactionUi(deps.brand, undefined, headers), deps.interactionTtlS, meta.requestId);
        throw error;
      }
      const setCookie = existing ? [] : [{ name: 'interaction' as const, value: pending.cookie, maxAgeS: deps.interactionTtlS }];
      const ui = interactionUi(deps.brand, pending, headers);
      return pageResponse(200, loginPage(ui, pending, await clientNameOf(deps, pending)), { cookies: setCookie, formTargets: formTargetsOf(pending) });
    },
  };
}

/** POST /login: CSRF check, credentials, a fresh session id, then on to consent or back to the app. */
export function postLogin(deps: LoginDependencies): Operation<'postLogin'> {
  return {
    page: true,
    rateLimit: 'address',
    async handle(request: OperationRequest<BodyOf<'postLogin'>>): Answer<'postLogin'> {
      const { body, cookies, meta } = request;
      const pending = await deps.interactions.resolve(cookies.interaction);
      const ui = interactionUi(deps.brand, pending, request.headers);
      if (!pending) return errorPage(ui, 400, ui.text.t('error.expiredSignIn'), meta.requestId);
      if (request.repeatedParams?.length || !csrfTokenMatches(body.csrf_token, pending.csrfToken)) {
        return errorPage(ui, 403, ui.text.t('error.loginForm'), meta.requestId);
      }
      const clientName = await clientNameOf(deps, pending);
      const clientId = pending.purpose.kind === 'authorize' ? pending.purpose.clientId : null;
      const attempt = await deps.signIns.signIn(body.username ?? '', body.password ?? '', { meta, clientId, via: 'login_page' });
      // Locked account or blocked address: 429, the same page for existing and unknown usernames.
      if (attempt.kind === 'limited') return rateLimitedPage(ui, attempt.retryAfterS, meta.requestId);
      if (attempt.kind === 'refused') {
        await deps.auditor.record({ event: 'user.authentication_failed', outcome: 'failure', clientId, detail: { via: 'login_page' } }, meta);
        return pageResponse(200, loginPage(ui, pending, clientName, { username: body.username ?? '', error: ui.text.t('login.wrongCredentials') }), { formTargets: formTargetsOf(pending) });
      }
      const { user } = attempt;
      const { cookie, session } = await deps.sessions.start(user.id, cookies.session);
      await deps.auditor.record({ event: 'user.login', outcome: 'success', subject: user.id, clientId: pending.purpose.kind === 'authorize' ? pending.purpose.clientId : null }, meta);
      await deps.interactions.finish(pending.cookie);
      const sessionCookie = { name: 'session' as const, value: cookie, maxAgeS: deps.sessionTtlS };
      if (pending.purpose.kind === 'account') return seeOther('/account', [sessionCookie, { name: 'interaction', value: null }]);
      const client = await deps.clients.findById(pending.purpose.clientId);
      if (!client) return errorPage(ui, 400, ui.text.t('error.expiredSignIn'), meta.requestId, [sessionCookie]);
      const next = await deps.flow.proceed({ ...pending.purpose, loginDone: true }, client, session, meta, ui);
      return { ...next, cookies: [sessionCookie, ...(next.cookies ?? [])] };
    },
  };
}
