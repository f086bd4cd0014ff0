import { renderFactorsSection, type AccountFactorActions, type AccountFactorsView } from './account-factors.js';
import { appAvatar, csrfInput, hiddenInput, samePath, scopeList, type ScopeView } from './components.js';
import { html, type SafeHtml } from './html.js';
import { renderDocument } from './layout.js';
import { pageUi, type PageUi } from './ui.js';

/** An app the person has authorised. */
export interface AccountGrantView {
  clientId: string;
  clientName: string;
  scopes: ScopeView[];
  grantedAt: Date;
}

/** What the account page shows. */
export interface AccountPageModel {
  nonce: string;
  /** Brand and language; English and the default brand when absent. */
  ui?: PageUi;
  csrfToken: string;
  username: string;
  /** Display name, if the account has one. */
  name?: string;
  grants: AccountGrantView[];
  /** Same-origin path each revoke form posts to, e.g. `/account/revoke`. */
  revokeAction: string;
  /** Same-origin path the sign-out form posts to, e.g. `/logout`. */
  logoutAction: string;
  /** Outcome of the last action, e.g. "Access for Acme was revoked." */
  notice?: string;
  /** The "Two-step sign-in" section: the user's second factors and where its forms post. */
  factors?: { view: AccountFactorsView; actions: AccountFactorActions };
}

/** "27 November 2026" (or "27 novembre 2026"), independent of the server's locale and time zone. */
export function formatGrantDate(date: Date, ui: PageUi = pageUi()): string {
  return ui.text.date(date);
}

function renderGrant(grant: AccountGrantView, model: AccountPageModel, ui: PageUi): SafeHtml {
  const { t, h } = ui.text;
  const date = html`<time datetime="${grant.grantedAt.toISOString().slice(0, 10)}">${formatGrantDate(grant.grantedAt, ui)}</time>`;
  return html`<li class="grant">
<div class="grant-head">${appAvatar(grant.clientName, true)}
<div class="grant-title"><h3>${grant.clientName}</h3>
<p>${h('account.authorisedOn', { date })}</p></div>
<form method="post" action="${samePath(model.revokeAction)}">
${csrfInput(model.csrfToken)}
${hiddenInput('client_id', grant.clientId)}
<button class="button button-danger" type="submit">${t('account.revoke')}<span class="visually-hidden">${t('account.revokeFor', { client: grant.clientName })}</span></button>
</form>
</div>
${grant.scopes.length > 0 ? scopeList(grant.scopes) : ''}
</li>`;
}

/** Renders the account page: authorised apps, each with a "Revoke access" form, and a sign-out form. */
export function renderAccountPage(model: AccountPageModel): string {
  const ui = model.ui ?? pageUi();
  const { t, h } = ui.text;
  const who = model.name
    ? html`<strong>${model.name}</strong> (${model.username})`
    : html`<strong>${model.username}</strong>`;
  return renderDocument({
    nonce: model.nonce,
    ui,
    title: t('account.title'),
    wide: true,
    main: html`<h1>${t('account.title')}</h1>
<p class="lead">${h('account.signedInAs', { who })}</p>
${model.notice ? html`<div class="notice" role="status">${model.notice}</div>` : ''}
<h2>${t('account.apps')}</h2>
${model.grants.length > 0
    ? html`<ul class="grants">${model.grants.map((grant) => renderGrant(grant, model, ui))}</ul>`
    : html`<p class="empty">${t('account.none')}</p>`}
${model.factors ? renderFactorsSection(model.factors.view, model.factors.actions, model.csrfToken, ui) : ''}
<form class="signout" method="post" action="${samePath(model.logoutAction)}">
${csrfInput(model.csrfToken)}
${hiddenInput('decision', 'logout')}
<button class="button button-secondary" type="submit">${t('account.signOut')}</button>
</form>`,
  });
}
