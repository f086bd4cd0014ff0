import { html } from './html.js';
import { renderDocument } from './layout.js';
import { passkeyForm } from './passkey-form.js';
import { samePath } from './components.js';
import { pageUi, type PageUi } from './ui.js';

/** What the add-a-passkey page shows. */
export interface PasskeyNewPageModel {
  nonce: string;
  ui?: PageUi;
  csrfToken: string;
  /** The WebAuthn creation options, with the challenge bound to this session. */
  options: unknown;
  /** Same-origin path the form posts to, e.g. `/account/passkeys`. */
  action: string;
  /** Where "Cancel" leads, e.g. `/account`. */
  cancelHref: string;
  /** The name typed before a refusal. */
  name?: string;
  /** Shown with role=alert after a refused registration. */
  error?: string;
}

/** A name field and "Create passkey"; the browser's own dialog does the rest. Needs the passkey script. */
export function renderPasskeyNewPage(model: PasskeyNewPageModel): string {
  const ui = model.ui ?? pageUi();
  const { t } = ui.text;
  const invalid = model.error !== undefined && model.error !== '';
  const name = html`<div class="field">
<label for="passkey-name">${t('account.passkeyName')}</label>
<input class="input" id="passkey-name" name="name" type="text" maxlength="64" value="${model.name ?? ''}" autocomplete="off" aria-describedby="passkey-name-hint">
<p class="hint" id="passkey-name-hint">${t('account.passkeyNameHint')}</p>
</div>`;
  return renderDocument({
    nonce: model.nonce,
    ui,
    title: t('account.passkeyNewTitle'),
    passkeyOptions: model.options,
    main: html`<h1>${t('account.passkeyNewTitle')}</h1>
${invalid ? html`<div class="alert" role="alert">${model.error}</div>` : ''}
<p>${t('account.passkeyNewLead')}</p>
${passkeyForm({ ceremony: 'register', action: model.action, csrfToken: model.csrfToken, label: t('account.passkeyCreate'), failed: t('account.passkeyFailed'), unsupported: t('account.passkeyUnsupported'), fields: name, kind: 'primary' })}
<p><a class="button button-secondary" href="${samePath(model.cancelHref)}">${t('account.cancel')}</a></p>`,
  });
}
