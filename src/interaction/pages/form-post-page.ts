import { hiddenInput } from './components.js';
import { html, raw } from './html.js';
import { renderDocument } from './layout.js';
import { pageUi, type PageUi } from './ui.js';

/** What the form_post response page carries (OAuth 2.0 Form Post Response Mode). */
export interface FormPostPageModel {
  nonce: string;
  /** Brand and language; English and the default brand when absent. */
  ui?: PageUi;
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
  const ui = model.ui ?? pageUi();
  const { t } = ui.text;
  return renderDocument({
    nonce: model.nonce,
    ui,
    title: t('formPost.title'),
    main: html`<h1>${t('formPost.heading')}</h1>
<form id="form-post" method="post" action="${model.redirectUri}">
${Object.entries(model.fields).map(([name, value]) => hiddenInput(name, value))}
<p class="lead">${t('formPost.lead')}</p>
<noscript><p>${t('formPost.noscript')}</p><button class="button button-primary button-block" type="submit">${t('formPost.continue')}</button></noscript>
</form>`,
    script: AUTO_SUBMIT,
  });
}
