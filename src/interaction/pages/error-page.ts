import { html } from './html.js';
import { renderDocument } from './layout.js';
import { pageUi, type PageUi } from './ui.js';

/** What the error page shows. Never put internal detail or stacks here. */
export interface ErrorPageModel {
  nonce: string;
  /** Brand and language; English and the default brand when absent. */
  ui?: PageUi;
  /** Short headline, e.g. "This app sent an invalid request". */
  title: string;
  /** One or two plain sentences on what went wrong. */
  description: string;
  /** Correlation id for support, shown in small text. */
  requestId?: string;
}

/** Renders an error page for requests that cannot be sent back to the app (bad client, bad redirect URI). */
export function renderErrorPage(model: ErrorPageModel): string {
  const ui = model.ui ?? pageUi();
  const { t, h } = ui.text;
  return renderDocument({
    nonce: model.nonce,
    ui,
    title: model.title,
    main: html`<h1>${model.title}</h1>
<div class="alert">${model.description}</div>
<p>${t('error.explanation', { brand: ui.brand.name })}</p>
${model.requestId ? html`<p class="fine">${h('error.requestId', { id: html`<code>${model.requestId}</code>` })}</p>` : ''}`,
  });
}
