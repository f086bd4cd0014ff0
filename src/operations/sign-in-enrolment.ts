import type { OperationResponse } from '../http/operation.js';
import { errorPage, pageResponse } from '../interaction/page-response.js';
import { renderRecoveryCodesPage, renderTotpEnrolPage, type PageUi } from '../interaction/pages/index.js';
import { rateLimitedPage } from '../rate-limit/index.js';
import type { RequestMeta } from '../services/audit.js';
import { TooManyInteractionsError, type Interactions, type PendingInteraction, type PendingSignIn } from '../services/interactions.js';
import type { SecondFactors } from '../services/second-factors.js';
import type { UserStore } from '../store/users.js';

/** What setting up a second factor in the middle of a sign-in needs. */
export interface SignInEnrolmentDependencies {
  interactions: Interactions;
  secondFactors: Pick<SecondFactors, 'pendingTotp' | 'beginTotp' | 'confirmTotp'>;
  users: Pick<UserStore, 'findById'>;
  interactionTtlS: number;
  now: () => number;
}

type AtSecondFactor = PendingInteraction & { purpose: { signIn: PendingSignIn } };

/** Where the sign-in goes on once the recovery codes are saved. */
export const continuePath = '/login/second-factor?method=continue';

/**
 * The sign-in needs a second factor the user has not set up (`require_mfa`, LATCHKEY_MFA=required,
 * `acr_values`): the authenticator-app setup, right here, before the sign-in goes on (issue 10).
 */
export async function enrolmentPage(deps: SignInEnrolmentDependencies, pending: AtSecondFactor, ui: PageUi, error?: string): Promise<OperationResponse> {
  const user = await deps.users.findById(pending.purpose.signIn.userId);
  if (!user) return errorPage(ui, 400, ui.text.t('error.expiredSignIn'), null);
  const enrolment = (await deps.secondFactors.pendingTotp(user)) ?? (await deps.secondFactors.beginTotp(user));
  if (!enrolment) return errorPage(ui, 400, ui.text.t('error.expiredSignIn'), null);
  const action = '/login/second-factor';
  return pageResponse(200, (nonce) => renderTotpEnrolPage({ nonce, ui, csrfToken: pending.csrfToken, ...enrolment, confirmAction: action, cancelHref: '/', ...(error ? { error } : {}) }));
}

/**
 * The first code of the new authenticator app: it turns the factor on and counts as this sign-in's second
 * factor. The recovery codes are shown once; the sign-in goes on from their page ({@link continuePath}) under
 * a new interaction that holds both factors.
 */
export async function confirmEnrolment(deps: SignInEnrolmentDependencies, pending: AtSecondFactor, code: string, meta: RequestMeta, ui: PageUi): Promise<OperationResponse> {
  const { signIn } = pending.purpose;
  const confirmed = await deps.secondFactors.confirmTotp(signIn.userId, code, meta);
  if (confirmed.kind !== 'confirmed') return enrolmentPage(deps, pending, ui, ui.text.t('account.totpWrongCode'));
  await deps.interactions.finish(pending.cookie);
  let next;
  try {
    next = await deps.interactions.create({ ...pending.purpose, signIn: { ...signIn, factors: [...signIn.factors, { kind: 'totp', at: deps.now() }] } }, meta);
  } catch (error) {
    if (error instanceof TooManyInteractionsError) return rateLimitedPage(ui, deps.interactionTtlS, meta.requestId);
    throw error;
  }
  const page = pageResponse(200, (nonce) => renderRecoveryCodesPage({ nonce, ui, codes: confirmed.recoveryCodes, notice: ui.text.t('account.totpEnabled'), doneHref: continuePath }));
  return { ...page, cookies: [{ name: 'interaction', value: next.cookie, maxAgeS: deps.interactionTtlS }] };
}
