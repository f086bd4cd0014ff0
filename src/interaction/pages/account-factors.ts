import { csrfInput, hiddenInput, samePath } from './components.js';
import { html, type SafeHtml } from './html.js';
import type { PageUi } from './ui.js';

/** One passkey as the account page lists it. */
export interface AccountPasskeyView {
  id: string;
  name: string;
  synced: boolean;
  createdAt: Date;
  lastUsedAt?: Date;
}

/** The second factors as the account page shows them (never a secret). */
export interface AccountFactorsView {
  /** When the authenticator app was turned on; absent when it is off. */
  totpSince?: Date;
  /** An enrolment was started and not confirmed. */
  totpPending: boolean;
  recoveryCodesLeft: number;
  passkeys: readonly AccountPasskeyView[];
}

/** Same-origin paths the section's forms post to. */
export interface AccountFactorActions {
  /** Starts an enrolment, e.g. `/account/totp` (also the enrolment page, by GET). */
  totpAction: string;
  removeTotpAction: string;
  recoveryCodesAction: string;
  /** The add-a-passkey page (a link: it runs the browser's ceremony); absent where passkeys cannot be offered (an IP address as RP ID). */
  newPasskeyHref?: string;
  renamePasskeyAction: string;
  removePasskeyAction: string;
}

function dateOf(ui: PageUi, date: Date): SafeHtml {
  return html`<time datetime="${date.toISOString().slice(0, 10)}">${ui.text.date(date)}</time>`;
}

function passkeyItem(passkey: AccountPasskeyView, actions: AccountFactorActions, csrfToken: string, ui: PageUi): SafeHtml {
  const { t, h } = ui.text;
  const used = passkey.lastUsedAt ? h('account.passkeyLastUsed', { date: dateOf(ui, passkey.lastUsedAt) }) : t('account.passkeyNeverUsed');
  const fieldId = `passkey-name-${passkey.id}`;
  return html`<li>
<strong>${passkey.name}</strong><br>
<span class="muted">${passkey.synced ? t('account.passkeySynced') : t('account.passkeyDevice')} · ${h('account.passkeyAdded', { date: dateOf(ui, passkey.createdAt) })} · ${used}</span>
<form class="passkey-rename" method="post" action="${samePath(actions.renamePasskeyAction)}">
${csrfInput(csrfToken)}
${hiddenInput('passkey_id', passkey.id)}
<span class="visually-hidden"><label for="${fieldId}">${t('account.passkeyName')}</label></span>
<input class="input" id="${fieldId}" name="name" type="text" maxlength="64" value="${passkey.name}" required>
<button class="button button-secondary" type="submit">${t('account.passkeyRename')}</button>
</form>
<form method="post" action="${samePath(actions.removePasskeyAction)}">
${csrfInput(csrfToken)}
${hiddenInput('passkey_id', passkey.id)}
<button class="link-button" type="submit">${t('account.passkeyRemove')}<span class="visually-hidden"> ${passkey.name}</span></button>
</form>
</li>`;
}

/** The "Two-step sign-in" section of the account page: the authenticator app, the passkeys and the recovery codes, one form per change. */
export function renderFactorsSection(view: AccountFactorsView, actions: AccountFactorActions, csrfToken: string, ui: PageUi): SafeHtml {
  const { t, h } = ui.text;
  const form = (action: string, label: string, kind: 'primary' | 'secondary' | 'danger') =>
    html`<form method="post" action="${samePath(action)}">${csrfInput(csrfToken)}<button class="button button-${kind}" type="submit">${label}</button></form>`;
  const totp = view.totpSince
    ? html`<p>${h('account.totpOn', { date: dateOf(ui, view.totpSince) })}</p>
<div class="factor-actions">${form(actions.removeTotpAction, t('account.totpRemove'), 'danger')}</div>`
    : html`<p>${t('account.totpOff')}</p>
${view.totpPending ? html`<p>${t('account.totpPending')} <a href="${samePath(actions.totpAction)}">${t('account.totpContinue')}</a></p>` : ''}
<div class="factor-actions">${form(actions.totpAction, t('account.totpSetUp'), 'primary')}</div>`;
  const passkeys = html`<h3 id="passkeys-heading">${t('account.passkeys')}</h3>
${view.passkeys.length === 0 ? html`<p class="muted">${t('account.passkeysNone')} ${t('account.passkeysLead')}</p>` : html`<ul class="passkey-list" aria-labelledby="passkeys-heading">${view.passkeys.map((passkey) => passkeyItem(passkey, actions, csrfToken, ui))}</ul>`}
${actions.newPasskeyHref ? html`<div class="factor-actions"><a class="button button-secondary" href="${samePath(actions.newPasskeyHref)}">${t('account.passkeyAdd')}</a></div>` : ''}`;
  const hasFactor = view.totpSince !== undefined || view.passkeys.length > 0;
  const codes = hasFactor
    ? html`<h3>${t('account.recoveryCodes')}</h3>
<p class="muted">${ui.text.plural('account.recoveryCodesLeft', view.recoveryCodesLeft)}</p>
<div class="factor-actions">${form(actions.recoveryCodesAction, t('account.recoveryCodesNew'), 'secondary')}</div>`
    : '';
  return html`<section class="factors" aria-labelledby="mfa-heading">
<h2 id="mfa-heading">${t('account.mfa')}</h2>
${hasFactor ? '' : html`<p class="muted">${t('account.mfaLead')}</p>`}
${totp}
${passkeys}
${codes}
</section>`;
}
