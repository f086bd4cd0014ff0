import { csrfInput, hiddenInput, samePath } from './components.js';
import { html } from './html.js';
import { passkeyForm } from './passkey-form.js';
import { renderDocument } from './layout.js';
import { pageUi, type PageUi } from './ui.js';

/** What the sign-in page shows. */
export interface LoginPageModel {
  nonce: string;
  /** Brand and language; English and the default brand when absent. */
  ui?: PageUi;
  /** Same-origin path the form posts to, e.g. `/login`. */
  action: string;
  csrfToken: string;
  /** The app the person is signing in for, if any. */
  clientName?: string;
  /** Pre-filled after a failed attempt. */
  username?: string;
  /** Shown as given, e.g. "Wrong username or password." */
  error?: string;
  /** The browser is already signed in and may go on as this account: "Continue as NAME" or "Use another account". */
  signedIn?: { name: string; username: string };
  /** "Sign in with a passkey": the WebAuthn request options bound to this sign-in, and where the answer goes. */
  passkey?: { options: unknown; action: string };
}

const ERROR_ID = 'login-error';

/** Renders the sign-in page: username, password and a "Sign in" button. */
export function renderLoginPage(model: LoginPageModel): string {
  const ui = model.ui ?? pageUi();
  const { t, h } = ui.text;
  const username = model.username ?? '';
  const invalid = model.error !== undefined && model.error !== '';
  const errorAttrs = invalid ? html` aria-invalid="true" aria-describedby="${ERROR_ID}"` : '';
  const credentials = html`<form method="post" action="${samePath(model.action)}">
${csrfInput(model.csrfToken)}
<div class="field">
<label for="username">${t('login.username')}</label>
<input class="input" id="username" name="username" type="text" value="${username}" autocomplete="username" autocapitalize="none" spellcheck="false" required${username === '' ? html` autofocus` : ''}${errorAttrs}>
</div>
<div class="field">
<label for="password">${t('login.password')}</label>
<input class="input" id="password" name="password" type="password" autocomplete="current-password" required${username !== '' ? html` autofocus` : ''}${errorAttrs}>
</div>
<button class="button button-primary button-block" type="submit">${t('login.submit')}</button>
</form>${model.passkey
    ? html`
<div class="passkey-choice">
<p class="or" aria-hidden="true" data-passkey-or hidden>${t('login.or')}</p>
${passkeyForm({ ceremony: 'authenticate', action: model.passkey.action, csrfToken: model.csrfToken, label: t('login.passkey'), failed: t('login.passkeyFailed') })}
</div>`
    : ''}`;
  const signedIn = model.signedIn;
  return renderDocument({
    nonce: model.nonce,
    ui,
    title: t('login.title'),
    ...(model.passkey ? { passkeyOptions: model.passkey.options } : {}),
    main: html`<h1>${t('login.title')}</h1>
${model.clientName ? html`<p class="lead">${h('login.leadClient', { client: html`<strong>${model.clientName}</strong>` })}</p>` : html`<p class="lead">${t('login.leadAccount', { brand: ui.brand.name })}</p>`}
${invalid ? html`<div class="alert" id="${ERROR_ID}" role="alert">${model.error}</div>` : ''}
${signedIn
    ? html`<div class="account"><p>${h('login.signedInAs', { user: html`<strong>${signedIn.username}</strong>` })}</p></div>
<form method="post" action="${samePath(model.action)}">
${csrfInput(model.csrfToken)}
${hiddenInput('decision', 'continue')}
<button class="button button-primary button-block" type="submit">${t('login.continueAs', { name: signedIn.name })}</button>
</form>
<details class="another"><summary>${t('login.useAnother')}</summary>
${credentials}
</details>`
    : credentials}`,
  });
}
