import { csrfInput, hiddenInput, samePath } from './components.js';
import { html } from './html.js';
import { renderDocument } from './layout.js';

/** What the sign-out confirmation page shows. */
export interface LogoutPageModel {
  nonce: string;
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
  return renderDocument({
    nonce: model.nonce,
    title: 'Sign out',
    main: html`<h1>Sign out of Latchkey?</h1>
${model.clientName
    ? html`<p class="lead"><strong>${model.clientName}</strong> asked to sign you out. You will need to sign in again to use apps that rely on Latchkey.</p>`
    : html`<p class="lead">You will need to sign in again to use apps that rely on Latchkey.</p>`}
<form method="post" action="${samePath(model.action)}">
${csrfInput(model.csrfToken)}
${carried}
<div class="actions">
<button class="button button-secondary" type="submit" name="decision" value="cancel">Stay signed in</button>
<button class="button button-primary" type="submit" name="decision" value="logout">Sign out</button>
</div>
</form>`,
  });
}
