import { csrfInput, hiddenInput, samePath } from './components.js';
import { html } from './html.js';
import { renderDocument } from './layout.js';
import type { PageUi } from './ui.js';

/** What the second-factor page shows. */
export interface SecondFactorPageModel {
  nonce: string;
  ui: PageUi;
  /** Same-origin path the forms post to: `/login/second-factor`. */
  action: string;
  csrfToken: string;
  /** The app the person is signing in for, if any. */
  clientName?: string;
  /** Which code the form asks for: the authenticator app's (default) or a recovery code. */
  method: 'totp' | 'recovery_code';
  /** Shown as given after a refused code. */
  error?: string;
}

const ERROR_ID = 'second-factor-error';

/** The second step of a sign-in: a code from the authenticator app, or a recovery code. No script needed. */
export function renderSecondFactorPage(model: SecondFactorPageModel): string {
  const { t } = model.ui.text;
  const invalid = model.error !== undefined && model.error !== '';
  const errorAttrs = invalid ? html` aria-invalid="true" aria-describedby="${ERROR_ID}"` : '';
  const totp = model.method === 'totp';
  const field = totp
    ? html`<label for="code">${t('login.secondFactor.totpLabel')}</label>
<input class="input" id="code" name="code" type="text" inputmode="numeric" pattern="[0-9 ]*" maxlength="8" autocomplete="one-time-code" spellcheck="false" required autofocus${errorAttrs}>
<p class="fine">${t('login.secondFactor.totpHint')}</p>`
    : html`<label for="code">${t('login.secondFactor.recoveryLabel')}</label>
<input class="input" id="code" name="code" type="text" maxlength="32" autocomplete="off" autocapitalize="characters" spellcheck="false" required autofocus${errorAttrs}>
<p class="fine">${t('login.secondFactor.recoveryHint')}</p>`;
  const other = totp ? 'recovery_code' : 'totp';
  return renderDocument({
    nonce: model.nonce,
    ui: model.ui,
    title: t('login.secondFactor.title'),
    main: html`<h1>${t('login.secondFactor.title')}</h1>
<p class="lead">${model.clientName ? t('login.secondFactor.leadClient', { client: model.clientName }) : t('login.secondFactor.lead')}</p>
${invalid ? html`<div class="alert" id="${ERROR_ID}" role="alert">${model.error}</div>` : ''}
<form method="post" action="${samePath(model.action)}">
${csrfInput(model.csrfToken)}
${hiddenInput('method', model.method)}
<div class="field">
${field}
</div>
<button class="button button-primary button-block" type="submit">${t('login.secondFactor.submit')}</button>
</form>
<form class="another" method="post" action="${samePath(model.action)}">
${csrfInput(model.csrfToken)}
${hiddenInput('method', other)}
${hiddenInput('switch', 'true')}
<button class="link-button" type="submit">${totp ? t('login.secondFactor.useRecovery') : t('login.secondFactor.useTotp')}</button>
</form>`,
  });
}
