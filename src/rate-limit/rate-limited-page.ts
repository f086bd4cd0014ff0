import type { OperationResponse } from '../http/operation.js';
import { pageResponse } from '../interaction/page-response.js';
import { html, renderDocument } from '../interaction/pages/index.js';

function waitText(seconds: number): string {
  if (seconds < 90) return `${seconds} second${seconds === 1 ? '' : 's'}`;
  return `${Math.ceil(seconds / 60)} minutes`;
}

/** The page for a person at the browser who tried too often: the same for every account, existing or not. */
export function renderRateLimitedPage(model: { nonce: string; retryAfterS: number; requestId?: string }): string {
  return renderDocument({
    nonce: model.nonce,
    title: 'Too many sign-in attempts',
    main: html`<h1>Too many sign-in attempts</h1>
<div class="alert" role="alert">To protect your account, signing in is paused. Try again in ${waitText(model.retryAfterS)}.</div>
<p>If you have forgotten your password, ask your administrator to reset it.</p>
${model.requestId ? html`<p class="fine">Request ID: <code>${model.requestId}</code></p>` : ''}`,
  });
}

/** 429 with `Retry-After` and the page above. */
export function rateLimitedPage(retryAfterS: number, requestId: string | null): OperationResponse {
  const page = pageResponse(429, (nonce) => renderRateLimitedPage({ nonce, retryAfterS, ...(requestId ? { requestId } : {}) }));
  return { ...page, headers: { ...page.headers, 'Retry-After': String(retryAfterS) } };
}
