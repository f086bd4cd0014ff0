import { csrfInput, hiddenInput, samePath } from './components.js';
import { html, type HtmlValue, type SafeHtml } from './html.js';

/** One passkey form: the script fills `credential` with the browser's answer and submits it. */
export interface PasskeyFormModel {
  /** `register`: `navigator.credentials.create()`; `authenticate`: `navigator.credentials.get()`. */
  ceremony: 'register' | 'authenticate';
  /** Same-origin path the form posts to. */
  action: string;
  csrfToken: string;
  /** The button's label. */
  label: string;
  /** Shown with role=alert when the browser gives no answer (cancelled, timed out, no passkey). */
  failed: string;
  /** Shown instead of the form when the browser has no WebAuthn; nothing when absent. */
  unsupported?: string;
  /** More fields (hidden inputs, a name field) before the button. */
  fields?: HtmlValue;
  /** `primary` or `secondary` (default). */
  kind?: 'primary' | 'secondary';
}

/**
 * A form the passkey script drives (`form[data-passkey]`). It stays hidden until the script has found
 * WebAuthn in the browser, so pages without script, or browsers without passkeys, show only what works.
 */
export function passkeyForm(model: PasskeyFormModel): SafeHtml {
  return html`<form class="passkey" method="post" action="${samePath(model.action)}" data-passkey="${model.ceremony}" data-failed="${model.failed}" hidden>
${csrfInput(model.csrfToken)}
${hiddenInput('credential', '')}
${model.fields ?? ''}
<button class="button button-${model.kind ?? 'secondary'} button-block" type="submit">${model.label}</button>
<div class="alert" role="alert" data-passkey-status hidden></div>
</form>${model.unsupported ? html`
<p class="muted" data-passkey-unsupported hidden>${model.unsupported}</p>` : ''}`;
}
