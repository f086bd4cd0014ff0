import type { Answer, Operation, OperationRequest, OperationResponse } from '../http/operation.js';
import type { BodyOf } from '../http/operation-types.js';
import type { AuthorizeFlow } from '../interaction/authorize-flow.js';
import { csrfTokenMatches } from '../interaction/csrf.js';
import { errorPage, pageResponse, seeOther } from '../interaction/page-response.js';
import { renderSecondFactorPage, type Brand, type PageUi } from '../interaction/pages/index.js';
import { amrOf } from '../oauth/authentication-methods.js';
import { rateLimitedPage, type GuardedSecondFactor } from '../rate-limit/index.js';
import { userMayReceiveTokens } from '../services/account-state.js';
import type { Auditor } from '../services/audit.js';
import type { BrowserSessions } from '../services/browser-sessions.js';
import type { PendingInteraction, PendingSignIn, Interactions } from '../services/interactions.js';
import type { SecondFactors } from '../services/second-factors.js';
import type { ClientStore } from '../store/clients.js';
import type { UserStore } from '../store/users.js';
import { clientNameOf, formTargetsOf, interactionUi } from './login.js';
import { confirmEnrolment, enrolmentPage } from './sign-in-enrolment.js';
import { acrLevels, type AuthenticationFactor } from '../domain/authentication.js';
import { sha256Hex } from '../crypto/random.js';

/** What the second step of a sign-in needs. */
export interface SecondFactorStepDependencies {
  flow: AuthorizeFlow;
  interactions: Interactions;
  sessions: BrowserSessions;
  guard: Pick<GuardedSecondFactor, 'verify'>;
  secondFactors: Pick<SecondFactors, 'enrolled' | 'pendingTotp' | 'beginTotp' | 'confirmTotp' | 'ceremonies'>;
  interactionTtlS: number;
  clients: ClientStore;
  users: Pick<UserStore, 'findById'>;
  auditor: Auditor;
  brand: Brand;
  sessionTtlS: number;
  now: () => number;
}

type Method = 'totp' | 'recovery_code' | 'passkey';
type AtSecondFactor = PendingInteraction & { purpose: { signIn: PendingSignIn } };

const methodOf = (raw: unknown): Method => (raw === 'recovery_code' || raw === 'passkey' ? raw : 'totp');

/** What the user can give, and whether only a passkey reaches the level (`phr`). */
async function choicesOf(deps: SecondFactorStepDependencies, pending: AtSecondFactor) {
  const { userId } = pending.purpose.signIn;
  const enrolled = await deps.secondFactors.enrolled(userId);
  const client = pending.purpose.kind === 'authorize' ? await deps.clients.findById(pending.purpose.clientId) : undefined;
  const level = await deps.flow.levelFor(pending.purpose, client, userId);
  const passkeyOnly = level.kind === 'level' && level.acr === acrLevels.phishingResistant;
  return { enrolled, passkeyOnly, any: enrolled.totp || enrolled.passkeys > 0 || enrolled.recoveryCodesLeft > 0 };
}

function atSecondFactor(pending: PendingInteraction | undefined): pending is AtSecondFactor {
  return pending?.purpose.signIn !== undefined;
}

async function page(deps: SecondFactorStepDependencies, pending: AtSecondFactor, ui: PageUi, method: Method, error?: string): Promise<OperationResponse> {
  const clientName = await clientNameOf(deps, pending);
  const { enrolled, passkeyOnly, any } = await choicesOf(deps, pending);
  if (!any) return enrolmentPage(deps, pending, ui, error);
  const { userId } = pending.purpose.signIn;
  const passkeyOptions = enrolled.passkeys > 0 ? await deps.secondFactors.ceremonies.authenticationOptions(sha256Hex(pending.cookie), userId) : undefined;
  // A code form unless only a passkey will do; the authenticator app's unless the user has none or asked for a recovery code.
  const codes = passkeyOnly ? undefined : method === 'recovery_code' || !enrolled.totp ? 'recovery_code' : 'totp';
  const switchTo = codes === 'totp' ? 'recovery_code' : codes === 'recovery_code' && enrolled.totp ? 'totp' : undefined;
  const render = (nonce: string) =>
    renderSecondFactorPage({
      nonce,
      ui,
      action: '/login/second-factor',
      csrfToken: pending.csrfToken,
      ...(codes ? { method: codes } : {}),
      ...(switchTo ? { switchTo } : {}),
      ...(passkeyOptions ? { passkeyOptions } : {}),
      ...(clientName ? { clientName } : {}),
      ...(error ? { error } : {}),
    });
  return pageResponse(200, render, { formTargets: formTargetsOf(pending) });
}

/** The sign-in reached its level: a session with every factor, then on to consent or back to the app. */
async function complete(deps: SecondFactorStepDependencies, pending: AtSecondFactor, request: OperationRequest, factors: AuthenticationFactor[], ui: PageUi): Promise<OperationResponse> {
  const { signIn } = pending.purpose;
  const { meta, cookies } = request;
  // The account may have been disabled or deleted since the password (issue 8: one check on every path).
  if (!userMayReceiveTokens(await deps.users.findById(signIn.userId))) return errorPage(ui, 400, ui.text.t('error.expiredSignIn'), meta.requestId);
  const { cookie, session } = await deps.sessions.start(signIn.userId, cookies.session, factors);
  const clientId = pending.purpose.kind === 'authorize' ? pending.purpose.clientId : null;
  await deps.auditor.record({ event: 'user.login', outcome: 'success', subject: signIn.userId, clientId, detail: { amr: amrOf(factors) } }, meta);
  await deps.interactions.finish(pending.cookie);
  const sessionCookie = { name: 'session' as const, value: cookie, maxAgeS: deps.sessionTtlS };
  const { signIn: _done, ...purpose } = pending.purpose;
  if (purpose.kind === 'account') return seeOther('/account', [sessionCookie, { name: 'interaction', value: null }]);
  const client = await deps.clients.findById(purpose.clientId);
  if (!client) return errorPage(ui, 400, ui.text.t('error.expiredSignIn'), meta.requestId, [sessionCookie]);
  const next = await deps.flow.proceed({ ...purpose, loginDone: true }, client, session, meta, ui);
  return { ...next, cookies: [sessionCookie, ...(next.cookies ?? [])] };
}

async function continueAfterEnrolment(deps: SecondFactorStepDependencies, pending: AtSecondFactor, request: OperationRequest, ui: PageUi): Promise<OperationResponse> {
  const { signIn } = pending.purpose;
  const client = pending.purpose.kind === 'authorize' ? await deps.clients.findById(pending.purpose.clientId) : undefined;
  if (await deps.flow.needsAnotherFactor(pending.purpose, client, signIn.userId, signIn.factors)) return page(deps, pending, ui, 'totp');
  return complete(deps, pending, request, signIn.factors, ui);
}

/** GET /login/second-factor: the code field for the sign-in in progress. */
export function getLoginSecondFactor(deps: SecondFactorStepDependencies): Operation<'getLoginSecondFactor'> {
  return {
    page: true,
    rateLimit: 'address',
    async handle(request): Answer<'getLoginSecondFactor'> {
      const { cookies, headers, meta, query } = request;
      const pending = await deps.interactions.resolve(cookies.interaction);
      const ui = interactionUi(deps.brand, pending, headers);
      if (!atSecondFactor(pending)) return errorPage(ui, 400, ui.text.t('error.expiredSignIn'), meta.requestId);
      // From the recovery codes of a factor set up during this sign-in: on, if the factors now reach the level.
      if (query.method === 'continue') return continueAfterEnrolment(deps, pending, request, ui);
      return page(deps, pending, ui, methodOf(query.method));
    },
  };
}

/** POST /login/second-factor: CSRF check, the code behind its own limits, then the session. */
export function postLoginSecondFactor(deps: SecondFactorStepDependencies): Operation<'postLoginSecondFactor'> {
  return {
    page: true,
    rateLimit: 'address',
    async handle(request: OperationRequest<BodyOf<'postLoginSecondFactor'>>): Answer<'postLoginSecondFactor'> {
      const { body, cookies, meta } = request;
      const pending = await deps.interactions.resolve(cookies.interaction);
      const ui = interactionUi(deps.brand, pending, request.headers);
      if (!atSecondFactor(pending)) return errorPage(ui, 400, ui.text.t('error.expiredSignIn'), meta.requestId);
      if (request.repeatedParams?.length || !csrfTokenMatches(body.csrf_token, pending.csrfToken)) {
        return errorPage(ui, 403, ui.text.t('error.loginForm'), meta.requestId);
      }
      const method = methodOf(body.method);
      if (body.switch === 'true') return page(deps, pending, ui, method);
      const { userId } = pending.purpose.signIn;
      const { any, passkeyOnly } = await choicesOf(deps, pending);
      if (!any) return confirmEnrolment(deps, pending, body.code ?? '', meta, ui);
      // A code cannot reach the phishing-resistant level: refused before it is checked (and used up).
      if (passkeyOnly && method !== 'passkey') return page(deps, pending, ui, method, ui.text.t('login.secondFactor.passkeyNeeded'));
      const clientId = pending.purpose.kind === 'authorize' ? pending.purpose.clientId : null;
      const input =
        method === 'passkey' ? { kind: method, response: body.credential ?? '', boundTo: sha256Hex(pending.cookie) } : { kind: method, code: body.code ?? '' };
      const attempt = await deps.guard.verify(userId, input, { meta, clientId });
      if (attempt.kind === 'limited') return rateLimitedPage(ui, attempt.retryAfterS, meta.requestId);
      if (attempt.kind === 'refused') return page(deps, pending, ui, method, ui.text.t(method === 'passkey' ? 'login.secondFactor.passkeyRefused' : 'login.secondFactor.wrongCode'));
      return complete(deps, pending, request, [...pending.purpose.signIn.factors, { ...attempt.factor, at: deps.now() }], ui);
    },
  };
}
