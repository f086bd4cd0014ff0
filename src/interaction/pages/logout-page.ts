import { csrfInput, hiddenInput, samePath } from './components.js';
import { html } from './html.js';
import { renderDocument } from './layout.js';
import { pageUi, type PageUi } from './ui.js';

/** What the sign-out confirmation page shows. */
export interface LogoutPageModel {
  nonce: string;
  /** Brand and language; English and the default brand when absent. */
  ui?: PageUi;
  /** Same-origin path the form posts to, e.g. `/logout`. */
  action: string;
  csrfToken: string;
  /** The app that asked to sign the person out, if known. */
  clientName?: string;
  /** Carried along: id_token_hint, post_logout_redirect_uri, state, client_id. */
  hiddenFields: Record<string, string>;
}

/** Names the form sets itself; a carried field never overrides them. */
const RESERVED = new Set(['csrf_token', 'decision']);

/** Renders "Sign out of Latchkey?" with "Stay signed in" and "Sign out" buttons. */
export function renderLogoutPage(model: LogoutPageModel): string {
  const carried = Object.entries(model.hiddenFields)
    .filter(([name]) => !RESERVED.has(name))
    .map(([name, value]) => hiddenInput(name, value));
  const ui = model.ui ?? pageUi();
  const { t, h } = ui.text;
  const brand = ui.brand.name;
  return renderDocument({
    nonce: model.nonce,
    ui,
    title: t('logout.title'),
    main: html`<h1>${t('logout.heading', { brand })}</h1>
${model.clientName
    ? html`<p class="lead">${h('logout.leadClient', { client: html`<strong>${model.clientName}</strong>`, brand })}</p>`
    : html`<p class="lead">${t('logout.lead', { brand })}</p>`}
<form method="post" action="${samePath(model.action)}">
${csrfInput(model.csrfToken)}
${carried}
<div class="actions">
<button class="button button-secondary" type="submit" name="decision" value="cancel">${t('logout.stay')}</button>
<button class="button button-primary" type="submit" name="decision" value="logout">${t('logout.signOut')}</button>
</div>
</form>`,
  });
}
