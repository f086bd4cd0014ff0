import { csrfInput, samePath } from './components.js';
import { html, type SafeHtml } from './html.js';
import type { PageUi } from './ui.js';

/** The second factors as the account page shows them (never a secret). */
export interface AccountFactorsView {
  /** When the authenticator app was turned on; absent when it is off. */
  totpSince?: Date;
  /** An enrolment was started and not confirmed. */
  totpPending: boolean;
  recoveryCodesLeft: number;
}

/** Same-origin paths the section's forms post to. */
export interface AccountFactorActions {
  /** Starts an enrolment, e.g. `/account/totp` (also the enrolment page, by GET). */
  totpAction: string;
  removeTotpAction: string;
  recoveryCodesAction: string;
}

/** The "Two-step sign-in" section of the account page: its state and one form per change. */
export function renderFactorsSection(view: AccountFactorsView, actions: AccountFactorActions, csrfToken: string, ui: PageUi): SafeHtml {
  const { t, h } = ui.text;
  const form = (action: string, label: string, kind: 'primary' | 'secondary' | 'danger') =>
    html`<form method="post" action="${samePath(action)}">${csrfInput(csrfToken)}<button class="button button-${kind}" type="submit">${label}</button></form>`;
  if (view.totpSince) {
    const date = html`<time datetime="${view.totpSince.toISOString().slice(0, 10)}">${ui.text.date(view.totpSince)}</time>`;
    return html`<section class="factors" aria-labelledby="mfa-heading">
<h2 id="mfa-heading">${t('account.mfa')}</h2>
<p>${h('account.totpOn', { date })}<br><span class="muted">${ui.text.plural('account.recoveryCodesLeft', view.recoveryCodesLeft)}</span></p>
<div class="factor-actions">${form(actions.recoveryCodesAction, t('account.recoveryCodesNew'), 'secondary')}${form(actions.removeTotpAction, t('account.totpRemove'), 'danger')}</div>
</section>`;
  }
  return html`<section class="factors" aria-labelledby="mfa-heading">
<h2 id="mfa-heading">${t('account.mfa')}</h2>
<p class="muted">${t('account.mfaLead')}</p>
<p>${t('account.totpOff')}</p>
${view.totpPending ? html`<p>${t('account.totpPending')} <a href="${samePath(actions.totpAction)}">${t('account.totpContinue')}</a></p>` : ''}
<div class="factor-actions">${form(actions.totpAction, t('account.totpSetUp'), 'primary')}</div>
</section>`;
}
