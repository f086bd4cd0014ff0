import type { Answer, Operation, OperationRequest, OperationResponse } from '../http/operation.js';
import type { BodyOf } from '../http/operation-types.js';
import { csrfTokenMatches } from '../interaction/csrf.js';
import { errorPage, pageResponse, seeOther } from '../interaction/page-response.js';
import { negotiatedUi, renderRecoveryCodesPage, renderTotpEnrolPage, type Brand, type PageUi } from '../interaction/pages/index.js';
import type { TotpEnrolment } from '../services/second-factors.js';
import { rateLimitedPage } from '../rate-limit/index.js';
import { userMayReceiveTokens } from '../services/account-state.js';
import type { RequestMeta } from '../services/audit.js';
import type { BrowserSessions } from '../services/browser-sessions.js';
import { TooManyInteractionsError, type Interactions } from '../services/interactions.js';
import type { SecondFactors } from '../services/second-factors.js';
import type { SessionRecord, UserRecord } from '../domain/records.js';
import type { UserStore } from '../store/users.js';

/** What the account page's second-factor forms need. */
export interface AccountFactorDependencies {
  sessions: BrowserSessions;
  interactions: Interactions;
  secondFactors: SecondFactors;
  users: Pick<UserStore, 'findById'>;
  brand: Brand;
  now: () => number;
  /** `LATCHKEY_FRESH_SIGN_IN_S`: how recent the session's sign-in must be to change a factor. */
  freshSignInS: number;
  interactionTtlS: number;
}

const paths = { account: '/account', enrol: '/account/totp', confirm: '/account/totp/confirm' } as const;

/** The signed-in, active user of the browser, with the page UI. */
export type Signed = { session: SessionRecord; user: UserRecord; ui: PageUi };
type FormBody = { csrf_token?: string };

/** The signed-in, active user of the browser, or the answer that sends it to sign in (or refuses its form). */
export async function signedIn(deps: Pick<AccountFactorDependencies, 'brand' | 'sessions' | 'users'>, request: OperationRequest<FormBody | undefined>, form: boolean): Promise<Signed | OperationResponse> {
  const ui = negotiatedUi(deps.brand, undefined, request.headers['accept-language']);
  const session = await deps.sessions.resolve(request.cookies.session);
  if (!session) return seeOther('/login');
  const user = await deps.users.findById(session.userId);
  if (!userMayReceiveTokens(user)) return seeOther('/login');
  if (form && (request.repeatedParams?.length || !csrfTokenMatches(request.body?.csrf_token, session.csrfToken))) {
    return errorPage(ui, 403, ui.text.t('error.form'), request.meta.requestId);
  }
  return { session, user, ui };
}

/**
 * A session signed in more than `freshSignInS` ago goes through sign-in again first (its `auth_time`
 * is too old to change a factor): an account sign-in that offers no "Continue as", then back to /account.
 */
export async function freshOrSignInAgain(deps: Pick<AccountFactorDependencies, 'now' | 'freshSignInS' | 'interactions' | 'interactionTtlS'>, signed: Signed, meta: RequestMeta): Promise<OperationResponse | undefined> {
  if (deps.now() - signed.session.authTime <= deps.freshSignInS * 1000) return undefined;
  try {
    const pending = await deps.interactions.create({ kind: 'account', reauthenticate: true }, meta);
    return seeOther('/login', [{ name: 'interaction', value: pending.cookie, maxAgeS: deps.interactionTtlS }]);
  } catch (error) {
    if (error instanceof TooManyInteractionsError) return rateLimitedPage(signed.ui, deps.interactionTtlS, meta.requestId);
    throw error;
  }
}

function enrolPage(signed: Signed, enrolment: TotpEnrolment, error?: string): OperationResponse {
  return pageResponse(200, (nonce) =>
    renderTotpEnrolPage({ nonce, ui: signed.ui, csrfToken: signed.session.csrfToken, ...enrolment, confirmAction: paths.confirm, cancelHref: paths.account, ...(error ? { error } : {}) }),
  );
}

function codesPage(signed: Signed, codes: readonly string[], notice: string): OperationResponse {
  return pageResponse(200, (nonce) => renderRecoveryCodesPage({ nonce, ui: signed.ui, codes, notice, doneHref: paths.account }));
}

/** GET /account/totp: the pending enrolment's QR code, key and code form. */
export function getAccountTotp(deps: AccountFactorDependencies): Operation<'getAccountTotp'> {
  return {
    page: true,
    async handle(request): Answer<'getAccountTotp'> {
      const signed = await signedIn(deps, request, false);
      if (!('user' in signed)) return signed;
      const enrolment = await deps.secondFactors.pendingTotp(signed.user);
      return enrolment ? enrolPage(signed, enrolment) : seeOther(paths.account);
    },
  };
}

/** POST /account/totp: a new pending secret (fresh sign-in needed), then the enrolment page. */
export function postAccountTotp(deps: AccountFactorDependencies): Operation<'postAccountTotp'> {
  return {
    page: true,
    rateLimit: 'address',
    async handle(request: OperationRequest<BodyOf<'postAccountTotp'>>): Answer<'postAccountTotp'> {
      const signed = await signedIn(deps, request, true);
      if (!('user' in signed)) return signed;
      const again = await freshOrSignInAgain(deps, signed, request.meta);
      if (again) return again;
      // Already on: nothing to start (turning it off comes first).
      return seeOther((await deps.secondFactors.beginTotp(signed.user)) ? paths.enrol : paths.account);
    },
  };
}

/** POST /account/totp/confirm: the first code turns the factor on and shows the first recovery codes. */
export function postAccountTotpConfirm(deps: AccountFactorDependencies): Operation<'postAccountTotpConfirm'> {
  return {
    page: true,
    rateLimit: 'address',
    async handle(request: OperationRequest<BodyOf<'postAccountTotpConfirm'>>): Answer<'postAccountTotpConfirm'> {
      const signed = await signedIn(deps, request, true);
      if (!('user' in signed)) return signed;
      const confirmed = await deps.secondFactors.confirmTotp(signed.user.id, request.body?.code ?? '', request.meta);
      if (confirmed.kind === 'confirmed') return codesPage(signed, confirmed.recoveryCodes, signed.ui.text.t('account.totpEnabled'));
      const enrolment = await deps.secondFactors.pendingTotp(signed.user);
      return enrolment ? enrolPage(signed, enrolment, signed.ui.text.t('account.totpWrongCode')) : seeOther(paths.account);
    },
  };
}

/** POST /account/totp/remove: turns two-step sign-in off (fresh sign-in needed). */
export function postAccountTotpRemove(deps: AccountFactorDependencies): Operation<'postAccountTotpRemove'> {
  return {
    page: true,
    rateLimit: 'address',
    async handle(request: OperationRequest<BodyOf<'postAccountTotpRemove'>>): Answer<'postAccountTotpRemove'> {
      const signed = await signedIn(deps, request, true);
      if (!('user' in signed)) return signed;
      const again = await freshOrSignInAgain(deps, signed, request.meta);
      if (again) return again;
      const removed = await deps.secondFactors.removeTotp(signed.user.id, request.meta);
      return seeOther(removed ? `${paths.account}?mfa=removed` : paths.account);
    },
  };
}

/** POST /account/recovery-codes: a whole new set, shown once (fresh sign-in needed). */
export function postAccountRecoveryCodes(deps: AccountFactorDependencies): Operation<'postAccountRecoveryCodes'> {
  return {
    page: true,
    rateLimit: 'address',
    async handle(request: OperationRequest<BodyOf<'postAccountRecoveryCodes'>>): Answer<'postAccountRecoveryCodes'> {
      const signed = await signedIn(deps, request, true);
      if (!('user' in signed)) return signed;
      const again = await freshOrSignInAgain(deps, signed, request.meta);
      if (again) return again;
      const codes = await deps.secondFactors.regenerateRecoveryCodes(signed.user.id, request.meta);
      return codes ? codesPage(signed, codes, signed.ui.text.t('account.recoveryCodesReplaced')) : seeOther(paths.account);
    },
  };
}
