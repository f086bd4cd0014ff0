import { html } from './html.js';
import { renderDocument } from './layout.js';
import { pageUi, type PageUi } from './ui.js';

/** What the signed-out page needs. */
export interface SignedOutPageModel {
  nonce: string;
  /** Brand and language; English and the default brand when absent. */
  ui?: PageUi;
}

/** Renders "You have signed out." */
export function renderSignedOutPage(model: SignedOutPageModel): string {
  const ui = model.ui ?? pageUi();
  const { t } = ui.text;
  return renderDocument({
    nonce: model.nonce,
    ui,
    title: t('signedOut.title'),
    main: html`<h1>${t('signedOut.heading')}</h1>
<p class="lead">${t('signedOut.lead', { brand: ui.brand.name })}</p>`,
  });
}
