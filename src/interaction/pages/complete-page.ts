import { appAvatar } from './components.js';
import { html } from './html.js';
import { renderDocument } from './layout.js';
import { pageUi, type PageUi } from './ui.js';

/** What the "already complete" page shows. */
export interface CompletePageModel {
  nonce: string;
  /** Brand and language; English and the default brand when absent. */
  ui?: PageUi;
  /** The app the finished sign-in was for. */
  clientName: string;
  /** Where "Back to APP" leads: the app's `client_uri` or its redirect URI's origin; no link without one. */
  returnUrl?: string;
}

/** Renders "This request is already complete", for Back after a sign-in answered the app: no blame, a way back. */
export function renderCompletePage(model: CompletePageModel): string {
  const ui = model.ui ?? pageUi();
  const { t } = ui.text;
  if (model.returnUrl !== undefined && !/^https?:\/\//i.test(model.returnUrl)) throw new TypeError('the return URL must be http(s)');
  return renderDocument({
    nonce: model.nonce,
    ui,
    title: t('complete.title'),
    main: html`${appAvatar(model.clientName)}
<h1>${t('complete.title')}</h1>
<p class="lead">${t('complete.lead')}</p>
${model.returnUrl ? html`<a class="button button-primary button-block" href="${model.returnUrl}">${t('complete.back', { client: model.clientName })}</a>` : ''}`,
  });
}
