import { appAvatar, csrfInput, samePath, scopeList, type ScopeView } from './components.js';
import { html } from './html.js';
import { renderDocument } from './layout.js';

/** What the consent page shows. */
export interface ConsentPageModel {
  nonce: string;
  /** Same-origin path the form posts to, e.g. `/consent`. */
  action: string;
  csrfToken: string;
  /** The app asking for access. */
  clientName: string;
  /** Who is signed in. */
  username: string;
  scopes: ScopeView[];
}

/** Renders the consent page: the scopes an app asks for, with "Allow" and "Deny" in one form. */
export function renderConsentPage(model: ConsentPageModel): string {
  const asks = model.scopes.length > 0
    ? html`<p>This will allow <strong>${model.clientName}</strong> to:</p>
${scopeList(model.scopes)}`
    : html`<p><strong>${model.clientName}</strong> is not asking for any specific permissions.</p>`;
  return renderDocument({
    nonce: model.nonce,
    title: `Allow ${model.clientName}?`,
    main: html`${appAvatar(model.clientName)}
<h1><strong>${model.clientName}</strong> wants to access your account</h1>
<p class="account">Signed in as <strong>${model.username}</strong></p>
${asks}
<form method="post" action="${samePath(model.action)}">
${csrfInput(model.csrfToken)}
<div class="actions">
<button class="button button-secondary" type="submit" name="decision" value="deny">Deny</button>
<button class="button button-primary" type="submit" name="decision" value="approve">Allow</button>
</div>
</form>
<p class="fine">Only allow apps you trust. You can revoke access at any time from your Latchkey account.</p>`,
  });
}
