import { csrfInput, hiddenInput, samePath } from './components.js';
import { html } from './html.js';
import { renderDocument } from './layout.js';
import { passkeyForm } from './passkey-form.js';
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
  /** Which code the code form asks for: the authenticator app's or a recovery code; absent, no code form (a passkey is needed). */
  method?: 'totp' | 'recovery_code';
  /** The other code the user may give instead ("Use a recovery code instead"), if any. */
  switchTo?: 'totp' | 'recovery_code';
  /** "Use a passkey": the WebAuthn request options for the user's passkeys, bound to this sign-in. */
  passkeyOptions?: unknown;
  /** Shown as given after a refused code or passkey. */
  error?: string;
}

const ERROR_ID = 'second-factor-error';

/** The code form: no script needed. */
function codeForm(model: SecondFactorPageModel, method: 'totp' | 'recovery_code', invalid: boolean) {
  const { t } = model.ui.text;
  const errorAttrs = invalid ? html` aria-invalid="true" aria-describedby="${ERROR_ID}"` : '';
  const field =
    method === 'totp'
      ? html`<label for="code">${t('login.secondFactor.totpLabel')}</label>
<input class="input" id="code" name="code" type="text" inputmode="numeric" pattern="[0-9 ]*" maxlength="8" autocomplete="one-time-code" spellcheck="false" required autofocus${errorAttrs}>
<p class="fine">${t('login.secondFactor.totpHint')}</p>`
      : html`<label for="code">${t('login.secondFactor.recoveryLabel')}</label>
<input class="input" id="code" name="code" type="text" maxlength="32" autocomplete="off" autocapitalize="characters" spellcheck="false" required autofocus${errorAttrs}>
<p class="fine">${t('login.secondFactor.recoveryHint')}</p>`;
  return html`<form method="post" action="${samePath(model.action)}">
${csrfInput(model.csrfToken)}
${hiddenInput('method', method)}
<div class="field">
${field}
</div>
<button class="button button-primary button-block" type="submit">${t('login.secondFactor.submit')}</button>
</form>`;
}

/** The second step of a sign-in: a passkey, a code from the authenticator app, or a recovery code. Codes need no script. */
export function renderSecondFactorPage(model: SecondFactorPageModel): string {
  const { t } = model.ui.text;
  const invalid = model.error !== undefined && model.error !== '';
  const lead = model.method
    ? model.clientName
      ? t('login.secondFactor.leadClient', { client: model.clientName })
      : t('login.secondFactor.lead')
    : t('login.secondFactor.passkeyNeeded');
  const passkey =
    model.passkeyOptions === undefined
      ? ''
      : passkeyForm({
          ceremony: 'authenticate',
          action: model.action,
          csrfToken: model.csrfToken,
          label: t('login.secondFactor.passkey'),
          failed: t('login.secondFactor.passkeyFailed'),
          fields: hiddenInput('method', 'passkey'),
          kind: model.method ? 'secondary' : 'primary',
        });
  const other = model.switchTo
    ? html`<form class="another" method="post" action="${samePath(model.action)}">
${csrfInput(model.csrfToken)}
${hiddenInput('method', model.switchTo)}
${hiddenInput('switch', 'true')}
<button class="link-button" type="submit">${model.switchTo === 'recovery_code' ? t('login.secondFactor.useRecovery') : t('login.secondFactor.useTotp')}</button>
</form>`
    : '';
  return renderDocument({
    nonce: model.nonce,
    ui: model.ui,
    title: t('login.secondFactor.title'),
    ...(model.passkeyOptions === undefined ? {} : { passkeyOptions: model.passkeyOptions }),
    main: html`<h1>${t('login.secondFactor.title')}</h1>
<p class="lead">${lead}</p>
${invalid ? html`<div class="alert" id="${ERROR_ID}" role="alert">${model.error}</div>` : ''}
${passkey}
${model.method && model.passkeyOptions !== undefined ? html`<p class="or" aria-hidden="true" data-passkey-or hidden>${t('login.or')}</p>` : ''}
${model.method ? codeForm(model, model.method, invalid) : ''}
${other}`,
  });
}
