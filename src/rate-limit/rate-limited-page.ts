import type { OperationResponse } from '../http/operation.js';
import { pageResponse } from '../interaction/page-response.js';
import { html, pageUi, renderDocument, type PageUi } from '../interaction/pages/index.js';

function waitText(seconds: number, ui: PageUi): string {
  if (seconds < 90) return ui.text.plural('rateLimited.seconds', seconds);
  return ui.text.plural('rateLimited.minutes', Math.ceil(seconds / 60));
}

/** The page for a person at the browser who tried too often: the same for every account, existing or not. */
export function renderRateLimitedPage(model: { nonce: string; ui?: PageUi; retryAfterS: number; requestId?: string }): string {
  const ui = model.ui ?? pageUi();
  const { t, h } = ui.text;
  return renderDocument({
    nonce: model.nonce,
    ui,
    title: t('rateLimited.title'),
    main: html`<h1>${t('rateLimited.title')}</h1>
<div class="alert" role="alert">${t('rateLimited.alert', { wait: waitText(model.retryAfterS, ui) })}</div>
<p>${t('rateLimited.forgot')}</p>
${model.requestId ? html`<p class="fine">${h('error.requestId', { id: html`<code>${model.requestId}</code>` })}</p>` : ''}`,
  });
}

/** 429 with `Retry-After` and the page above. */
export function rateLimitedPage(ui: PageUi, retryAfterS: number, requestId: string | null): OperationResponse {
  const page = pageResponse(429, (nonce) => renderRateLimitedPage({ nonce, ui, retryAfterS, ...(requestId ? { requestId } : {}) }));
  return { ...page, headers: { ...page.headers, 'Retry-After': String(retryAfterS) } };
}
