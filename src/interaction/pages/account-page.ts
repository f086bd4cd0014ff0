import { appAvatar, csrfInput, hiddenInput, samePath, scopeList, type ScopeView } from './components.js';
import { html, type SafeHtml } from './html.js';
import { renderDocument } from './layout.js';

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
}

/** "27 November 2026", independent of the server's locale and time zone. */
export function formatGrantDate(date: Date): string {
  return date.toLocaleDateString('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });
}

function renderGrant(grant: AccountGrantView, model: AccountPageModel): SafeHtml {
  return html`<li class="grant">
<div class="grant-head">${appAvatar(grant.clientName, true)}
<div class="grant-title"><h3>${grant.clientName}</h3>
<p>Authorised on <time datetime="${grant.grantedAt.toISOString().slice(0, 10)}">${formatGrantDate(grant.grantedAt)}</time></p></div>
<form method="post" action="${samePath(model.revokeAction)}">
${csrfInput(model.csrfToken)}
${hiddenInput('client_id', grant.clientId)}
<button class="button button-danger" type="submit">Revoke access<span class="visually-hidden"> for ${grant.clientName}</span></button>
</form>
</div>
${grant.scopes.length > 0 ? scopeList(grant.scopes) : ''}
</li>`;
}

/** Renders the account page: authorised apps, each with a "Revoke access" form, and a sign-out form. */
export function renderAccountPage(model: AccountPageModel): string {
  const who = model.name
    ? html`<strong>${model.name}</strong> (${model.username})`
    : html`<strong>${model.username}</strong>`;
  return renderDocument({
    nonce: model.nonce,
    title: 'Your account',
    wide: true,
    main: html`<h1>Your account</h1>
<p class="lead">Signed in as ${who}</p>
${model.notice ? html`<div class="notice" role="status">${model.notice}</div>` : ''}
<h2>Authorised apps</h2>
${model.grants.length > 0
    ? html`<ul class="grants">${model.grants.map((grant) => renderGrant(grant, model))}</ul>`
    : html`<p class="empty">You have not authorised any apps.</p>`}
<form class="signout" method="post" action="${samePath(model.logoutAction)}">
${csrfInput(model.csrfToken)}
${hiddenInput('decision', 'logout')}
<button class="button button-secondary" type="submit">Sign out</button>
</form>`,
  });
}
