import { renderSVG } from 'uqr';
import { csrfInput, samePath } from './components.js';
import { html, raw } from './html.js';
import { renderDocument } from './layout.js';
import { pageUi, type PageUi } from './ui.js';

/** What the authenticator-app enrolment page shows. */
export interface TotpEnrolPageModel {
  nonce: string;
  ui?: PageUi;
  csrfToken: string;
  /** The pending base32 secret, shown grouped for typing by hand. */
  secret: string;
  /** Its `otpauth://` URI, drawn as the QR code and shown as text. */
  uri: string;
  /** Same-origin path the code form posts to, e.g. `/account/totp/confirm`. */
  confirmAction: string;
  /** Where "Cancel" leads, e.g. `/account`. */
  cancelHref: string;
  /** Shown with role=alert after a wrong code. */
  error?: string;
}

const ERROR_ID = 'totp-error';
const HINT_ID = 'totp-hint';

/** The QR code of a URI as inline SVG (HTML needs no namespace), drawn here: no network, no script; dark on light in both colour schemes. */
function qrCode(uri: string, label: string) {
  const svg = renderSVG(uri, { ecc: 'M', border: 2, whiteColor: '#ffffff', blackColor: '#000000' }).replace('<svg xmlns="http://www.w3.org/2000/svg" ', `<svg role="img" aria-label="${label.replace(/[&<>"']/g, '')}" focusable="false" `);
  return raw(svg);
}

/** Renders the enrolment page: QR code, key, setup link, and the form for the first code. */
export function renderTotpEnrolPage(model: TotpEnrolPageModel): string {
  const ui = model.ui ?? pageUi();
  const { t } = ui.text;
  const invalid = model.error !== undefined && model.error !== '';
  const describedBy = invalid ? `${HINT_ID} ${ERROR_ID}` : HINT_ID;
  const grouped = model.secret.match(/.{1,4}/g)?.join(' ') ?? model.secret;
  return renderDocument({
    nonce: model.nonce,
    ui,
    title: t('account.totpTitle'),
    main: html`<h1>${t('account.totpTitle')}</h1>
${invalid ? html`<div class="alert" id="${ERROR_ID}" role="alert">${model.error}</div>` : ''}
<p>${t('account.totpScan')}</p>
<div class="qr">${qrCode(model.uri, t('account.totpQrLabel', { brand: ui.brand.name }))}</div>
<p>${t('account.totpKey')}</p>
<p><code class="secret" id="totp-secret">${grouped}</code></p>
<details class="setup-link"><summary>${t('account.totpUri')}</summary><p><code class="uri">${model.uri}</code></p></details>
<form method="post" action="${samePath(model.confirmAction)}">
${csrfInput(model.csrfToken)}
<div class="field">
<label for="code">${t('account.totpCode')}</label>
<input class="input code-input" id="code" name="code" type="text" inputmode="numeric" pattern="[0-9 ]*" maxlength="8" autocomplete="one-time-code" required autofocus aria-describedby="${describedBy}"${invalid ? html` aria-invalid="true"` : ''}>
<p class="hint" id="${HINT_ID}">${t('account.totpCodeHint')}</p>
</div>
<div class="actions"><a class="button button-secondary" href="${samePath(model.cancelHref)}">${t('account.cancel')}</a><button class="button button-primary" type="submit">${t('account.totpConfirm')}</button></div>
</form>`,
  });
}
