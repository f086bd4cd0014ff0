import { hiddenInput } from './components.js';
import { html, raw } from './html.js';
import { renderDocument } from './layout.js';

/** What the form_post response page carries (OAuth 2.0 Form Post Response Mode). */
export interface FormPostPageModel {
  nonce: string;
  /** The client's registered redirect URI: an absolute http(s) URL. */
  redirectUri: string;
  /** Response parameters, e.g. code and state, or error and error_description. */
  fields: Record<string, string>;
}

/** Calls the prototype's submit so a field named "submit" cannot shadow it. */
const AUTO_SUBMIT = raw("HTMLFormElement.prototype.submit.call(document.getElementById('form-post'));");

/**
 * Renders the auto-submitting page of the Form Post Response Mode: the
 * response parameters as hidden inputs POSTed to the redirect URI, with a
 * "Continue" button when JavaScript is off.
 */
export function renderFormPostPage(model: FormPostPageModel): string {
  if (!/^https?:\/\//i.test(model.redirectUri)) throw new TypeError('form_post redirect_uri must be an http(s) URL');
  return renderDocument({
    nonce: model.nonce,
    title: 'Returning to the app',
    main: html`<h1>Returning to the app…</h1>
<form id="form-post" method="post" action="${model.redirectUri}">
${Object.entries(model.fields).map(([name, value]) => hiddenInput(name, value))}
<p class="lead">Taking you back to the app you came from.</p>
<noscript><p>JavaScript is turned off. Select Continue to go on.</p><button class="button button-primary button-block" type="submit">Continue</button></noscript>
</form>`,
    script: AUTO_SUBMIT,
  });
}
