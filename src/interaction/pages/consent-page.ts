import { appAvatar, csrfInput, hiddenInput, samePath, scopeList, type ScopeView } from './components.js';
import { html } from './html.js';
import { renderDocument } from './layout.js';
import { pageUi, type PageUi } from './ui.js';

/** What the consent page shows. */
export interface ConsentPageModel {
  nonce: string;
  /** Brand and language; English and the default brand when absent. */
  ui?: PageUi;
  /** Same-origin path the form posts to, e.g. `/consent`. */
  action: string;
  csrfToken: string;
  /** The app asking for access. */
  clientName: string;
  /** The host of the app's `client_uri` (RFC 7591 §2), so people can tell look-alike names apart. */
  clientHost?: string;
  /** Who is signed in. */
  username: string;
  scopes: ScopeView[];
  /** The names of the registered APIs the request is for (RFC 8707 `resource`); none: the server's own. */
  apis?: readonly string[];
  /** Offer "Not you? Switch account": the form posts `decision=switch_account` (sign out, back to this sign-in's login page). */
  switchAccount?: boolean;
}

/** Renders the consent page: the scopes an app asks for, with "Allow" and "Deny" in one form. */
export function renderConsentPage(model: ConsentPageModel): string {
  const ui = model.ui ?? pageUi();
  const { t, h } = ui.text;
  const client = html`<strong>${model.clientName}</strong>`;
  const asks = model.scopes.length > 0
    ? html`<p>${h('consent.asks', { client })}</p>
${scopeList(model.scopes)}`
    : html`<p>${h('consent.asksNothing', { client })}</p>`;
  const switchAccount = model.switchAccount
    ? html`<form method="post" action="${samePath(model.action)}">
${csrfInput(model.csrfToken)}
${hiddenInput('decision', 'switch_account')}
<span>${t('consent.notYou')}</span> <button class="link-button" type="submit">${t('consent.switchAccount')}</button>
</form>`
    : '';
  return renderDocument({
    nonce: model.nonce,
    ui,
    title: t('consent.title', { client: model.clientName }),
    main: html`${appAvatar(model.clientName)}
<h1>${h('consent.heading', { client })}</h1>
${model.clientHost ? html`<p class="client-host">${t('consent.clientHost', { host: model.clientHost })}</p>` : ''}
<div class="account"><p>${h('consent.signedInAs', { user: html`<strong>${model.username}</strong>` })}</p>${switchAccount}</div>
${asks}
${model.apis?.length ? html`<p class="apis">${t('consent.forApis', { apis: model.apis.join(', ') })}</p>` : ''}
<form method="post" action="${samePath(model.action)}">
${csrfInput(model.csrfToken)}
<div class="actions">
<button class="button button-secondary" type="submit" name="decision" value="deny">${t('consent.deny')}</button>
<button class="button button-primary" type="submit" name="decision" value="approve">${t('consent.allow')}</button>
</div>
</form>
<p class="fine">${t('consent.fine', { brand: ui.brand.name })}</p>`,
  });
}
