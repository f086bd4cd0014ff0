import { samePath } from './components.js';
import { html } from './html.js';
import { renderDocument } from './layout.js';
import { pageUi, type PageUi } from './ui.js';

/** What the recovery-codes page shows: the new codes, this once. */
export interface RecoveryCodesPageModel {
  nonce: string;
  ui?: PageUi;
  codes: readonly string[];
  /** Why the page is shown, e.g. "Two-step sign-in is on." */
  notice: string;
  /** Where "I have saved them" leads, e.g. `/account`. */
  doneHref: string;
}

/** Renders the recovery codes, each in its own list item, for copying or printing. */
export function renderRecoveryCodesPage(model: RecoveryCodesPageModel): string {
  const ui = model.ui ?? pageUi();
  const { t } = ui.text;
  return renderDocument({
    nonce: model.nonce,
    ui,
    title: t('account.recoveryCodesTitle'),
    wide: true,
    main: html`<h1>${t('account.recoveryCodesTitle')}</h1>
<div class="notice" role="status">${model.notice}</div>
<p>${t('account.recoveryCodesLead')}</p>
<ol class="recovery-codes">${model.codes.map((code) => html`<li><code>${code}</code></li>`)}</ol>
<a class="button button-primary button-block" href="${samePath(model.doneHref)}">${t('account.recoveryCodesSaved')}</a>`,
  });
}
