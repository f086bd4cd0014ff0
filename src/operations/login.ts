import type { Answer, Operation, OperationRequest, OperationResponse } from '../http/operation.js';
import type { BodyOf } from '../http/operation-types.js';
import type { AuthorizeFlow } from '../interaction/authorize-flow.js';
import { csrfTokenMatches } from '../interaction/csrf.js';
import { errorPage, formTarget, pageResponse, seeOther } from '../interaction/page-response.js';
import { negotiatedUi, renderCompletePage, renderLoginPage, type Brand, type PageUi } from '../interaction/pages/index.js';
import type { AuthenticationFactor } from '../domain/authentication.js';
import type { ClientRecord } from '../domain/records.js';
import type { Auditor } from '../services/audit.js';
import type { BrowserSessions } from '../services/browser-sessions.js';
import { TooManyInteractionsError, type Interactions, type PendingInteraction } from '../services/interactions.js';
import { rateLimitedPage, type GuardedSecondFactor, type GuardedSignIn } from '../rate-limit/index.js';
import type { SecondFactors } from '../services/second-factors.js';
import { sha256Hex } from '../crypto/random.js';
import { amrOf } from '../oauth/authentication-methods.js';
import type { CookieInstruction } from '../http/cookies.js';
import type { ClientStore } from '../store/clients.js';
import type { UserStore } from '../store/users.js';
import { userMayReceiveTokens } from '../services/account-state.js';

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
  users: Pick<UserStore, 'findById'>;
  /** The passkey ceremonies (the login page's "Sign in with a passkey"). */
  secondFactors: Pick<SecondFactors, 'ceremonies'>;
  /** Passwordless sign-ins behind their limits. */
  passkeySignIns: Pick<GuardedSecondFactor, 'signInWithPasskey'>;
  now: () => number;
}

/** The account a browser may go on as without signing in again ("Continue as NAME"), if any. */
async function continuableAccount(deps: LoginDependencies, pending: PendingInteraction, sessionCookie: string | undefined) {
  const session = await deps.sessions.resolve(sessionCookie);
  if (!session) return undefined;
  // prompt=login and an exceeded max_age ask for a fresh sign-in (OIDC Core §3.1.2.1): no shortcut then.
  if (pending.purpose.kind === 'authorize' && !deps.flow.maySkipLogin(pending.purpose, session)) return undefined;
  // Changing a second factor asks for a fresh sign-in: no shortcut either.
  if (pending.purpose.kind === 'account' && pending.purpose.reauthenticate) return undefined;
  const user = await deps.users.findById(session.userId);
  if (!userMayReceiveTokens(user)) return undefined;
  return { session, signedIn: { name: user.name || user.username, username: user.username } };
}

/** Where "Back to APP" leads: the client's `client_uri`, else its first web redirect URI's origin. */
function returnUrlOf(client: ClientRecord): string | undefined {
  if (client.clientUri) return client.clientUri;
  const web = client.redirectUris.find((uri) => /^https?:\/\//i.test(uri));
  return web ? new URL(web).origin : undefined;
}

/**
 * Back to the consent page after the sign-in answered the app (the `completed` cookie names
 * it): "This request is already complete" with a link back to the app, instead of an error.
 */
export async function alreadyComplete(clients: ClientStore, cookies: OperationRequest['cookies'], ui: PageUi): Promise<OperationResponse | undefined> {
  if (!cookies.completed) return undefined;
  let clientId: string;
  try {
    clientId = decodeURIComponent(cookies.completed);
  } catch {
    return undefined;
  }
  const client = await clients.findById(clientId);
  if (!client) return undefined;
  const returnUrl = returnUrlOf(client);
  return pageResponse(200, (nonce) => renderCompletePage({ nonce, ui, clientName: client.clientName, ...(returnUrl ? { returnUrl } : {}) }));
}

/** The page UI for a request: the sign-in's `ui_locales` (kept from /authorize), then `Accept-Language`. */
export function interactionUi(brand: Brand, pending: PendingInteraction | undefined, headers: OperationRequest['headers']): PageUi {
  const uiLocales = pending?.purpose.kind === 'authorize' ? pending.purpose.uiLocales : undefined;
  return negotiatedUi(brand, uiLocales, headers['accept-language']);
}

export async function clientNameOf(deps: Pick<LoginDependencies, 'clients'>, pending: PendingInteraction): Promise<string | undefined> {
  return pending.purpose.kind === 'authorize' ? (await deps.clients.findById(pending.purpose.clientId))?.clientName : undefined;
}

/** Signing in may redirect straight back to the app, so the form may lead there (CSP form-action). */
export function formTargetsOf(pending: PendingInteraction): string[] {
  return pending.purpose.kind === 'authorize' ? [formTarget(pending.purpose.redirectUri)] : [];
}

type LoginExtras = { username?: string; error?: string; signedIn?: { name: string; username: string } };

/**
 * The login page for the sign-in in progress, with "Sign in with a passkey" when passkeys can be offered:
 * a new one-time challenge bound to this sign-in each time the page is shown.
 */
async function loginPage(deps: LoginDependencies, ui: PageUi, pending: PendingInteraction, clientName: string | undefined, extra: LoginExtras = {}, cookies: CookieInstruction[] = []): Promise<OperationResponse> {
  const { ceremonies } = deps.secondFactors;
  const passkey = ceremonies.offered ? { options: await ceremonies.authenticationOptions(sha256Hex(pending.cookie), null), action: '/login/passkey' } : undefined;
  const render = (nonce: string) =>
    renderLoginPage({ nonce, ui, action: '/login', csrfToken: pending.csrfToken, ...(clientName ? { clientName } : {}), ...(passkey ? { passkey } : {}), ...extra });
  return pageResponse(200, render, { cookies, formTargets: formTargetsOf(pending) });
}

/**
 * The user proved who they are with `factors` (a password, or a passkey): on to a second factor when the
 * sign-in needs one, else a new session (its id rotated) and on to consent, back to the app or the account page.
 */
async function signedInWith(deps: LoginDependencies, pending: PendingInteraction, request: OperationRequest, userId: string, factors: AuthenticationFactor[], ui: PageUi): Promise<OperationResponse> {
  const { cookies, meta } = request;
  const client = pending.purpose.kind === 'authorize' ? await deps.clients.findById(pending.purpose.clientId) : undefined;
  if (await deps.flow.needsAnotherFactor(pending.purpose, client, userId, factors)) {
    // A second factor is needed first: no session until it is given.
    await deps.interactions.finish(pending.cookie);
    return deps.flow.secondFactorStep(pending.purpose, { userId, factors }, meta, ui);
  }
  const { cookie, session } = await deps.sessions.start(userId, cookies.session, factors);
  const clientId = pending.purpose.kind === 'authorize' ? pending.purpose.clientId : null;
  await deps.auditor.record({ event: 'user.login', outcome: 'success', subject: userId, clientId, detail: { amr: amrOf(factors) } }, meta);
  await deps.interactions.finish(pending.cookie);
  const sessionCookie = { name: 'session' as const, value: cookie, maxAgeS: deps.sessionTtlS };
  if (pending.purpose.kind === 'account') return seeOther('/account', [sessionCookie, { name: 'interaction', value: null }]);
  if (!client) return errorPage(ui, 400, ui.text.t('error.expiredSignIn'), meta.requestId, [sessionCookie]);
  const next = await deps.flow.proceed({ ...pending.purpose, loginDone: true }, client, session, meta, ui);
  return { ...next, cookies: [sessionCookie, ...(next.cookies ?? [])] };
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
      const account = await continuableAccount(deps, pending, cookies.session);
      return loginPage(deps, ui, pending, await clientNameOf(deps, pending), account ? { signedIn: account.signedIn } : {}, setCookie);
    },
  };
}

/** "Continue as NAME": the signed-in account goes on, without a new session; refused, the form is shown again. */
async function continueAs(deps: LoginDependencies, pending: PendingInteraction, request: OperationRequest<BodyOf<'postLogin'>>, ui: PageUi, clientName: string | undefined): Promise<OperationResponse> {
  const account = await continuableAccount(deps, pending, request.cookies.session);
  if (!account) return loginPage(deps, ui, pending, clientName);
  await deps.interactions.finish(pending.cookie);
  if (pending.purpose.kind === 'account') return seeOther('/account', [{ name: 'interaction', value: null }]);
  const client = await deps.clients.findById(pending.purpose.clientId);
  if (!client) return errorPage(ui, 400, ui.text.t('error.expiredSignIn'), request.meta.requestId);
  return deps.flow.proceed({ ...pending.purpose, loginDone: true }, client, account.session, request.meta, ui);
}

/** A posted sign-in form: its sign-in in progress (else 400) and a matching CSRF token (else 403). */
async function signInForm(deps: LoginDependencies, request: OperationRequest<{ csrf_token?: string }>): Promise<{ pending: PendingInteraction; ui: PageUi } | OperationResponse> {
  const pending = await deps.interactions.resolve(request.cookies.interaction);
  const ui = interactionUi(deps.brand, pending, request.headers);
  if (!pending) return errorPage(ui, 400, ui.text.t('error.expiredSignIn'), request.meta.requestId);
  if (request.repeatedParams?.length || !csrfTokenMatches(request.body.csrf_token, pending.csrfToken)) {
    return errorPage(ui, 403, ui.text.t('error.loginForm'), request.meta.requestId);
  }
  return { pending, ui };
}

/** POST /login: CSRF check, credentials, a fresh session id, then on to consent or back to the app. */
export function postLogin(deps: LoginDependencies): Operation<'postLogin'> {
  return {
    page: true,
    rateLimit: 'address',
    async handle(request: OperationRequest<BodyOf<'postLogin'>>): Answer<'postLogin'> {
      const { body, meta } = request;
      const form = await signInForm(deps, request);
      if (!('pending' in form)) return form;
      const { pending, ui } = form;
      const clientName = await clientNameOf(deps, pending);
      if (body.decision === 'continue') return continueAs(deps, pending, request, ui, clientName);
      const clientId = pending.purpose.kind === 'authorize' ? pending.purpose.clientId : null;
      const attempt = await deps.signIns.signIn(body.username ?? '', body.password ?? '', { meta, clientId, via: 'login_page' });
      // Locked account or blocked address: 429, the same page for existing and unknown usernames.
      if (attempt.kind === 'limited') return rateLimitedPage(ui, attempt.retryAfterS, meta.requestId);
      if (attempt.kind === 'refused') {
        await deps.auditor.record({ event: 'user.authentication_failed', outcome: 'failure', clientId, detail: { via: 'login_page' } }, meta);
        return loginPage(deps, ui, pending, clientName, { username: body.username ?? '', error: ui.text.t('login.wrongCredentials') });
      }
      return signedInWith(deps, pending, request, attempt.user.id, [{ kind: 'password', at: deps.now() }], ui);
    },
  };
}

/**
 * POST /login/passkey: "Sign in with a passkey". CSRF check, then the assertion against the challenge the
 * login page bound to this sign-in, behind the per-address limit; then the account check and the session.
 */
export function postLoginPasskey(deps: LoginDependencies): Operation<'postLoginPasskey'> {
  return {
    page: true,
    rateLimit: 'address',
    async handle(request: OperationRequest<BodyOf<'postLoginPasskey'>>): Answer<'postLoginPasskey'> {
      const { body, meta } = request;
      const form = await signInForm(deps, request);
      if (!('pending' in form)) return form;
      const { pending, ui } = form;
      const clientId = pending.purpose.kind === 'authorize' ? pending.purpose.clientId : null;
      const attempt = await deps.passkeySignIns.signInWithPasskey(sha256Hex(pending.cookie), body.credential ?? '', { meta, clientId });
      if (attempt.kind === 'limited') return rateLimitedPage(ui, attempt.retryAfterS, meta.requestId);
      const refused = async () => loginPage(deps, ui, pending, await clientNameOf(deps, pending), { error: ui.text.t('login.passkeyRefused') });
      if (attempt.kind === 'refused') return refused();
      // A disabled or deleted account signs in with nothing (issue 8: one check on every path).
      if (!userMayReceiveTokens(await deps.users.findById(attempt.userId))) return refused();
      return signedInWith(deps, pending, request, attempt.userId, [{ ...attempt.factor, at: deps.now() }], ui);
    },
  };
}
