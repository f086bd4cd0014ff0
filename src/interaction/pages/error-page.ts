import { html } from './html.js';
import { renderDocument } from './layout.js';

/** What the error page shows. Never put internal detail or stacks here. */
export interface ErrorPageModel {
  nonce: string;
  /** Short headline, e.g. "This app sent an invalid request". */
  title: string;
  /** One or two plain sentences on what went wrong. */
  description: string;
  /** Correlation id for support, shown in small text. */
  requestId?: string;
}

/** Renders an error page for requests that cannot be sent back to the app (bad client, bad redirect URI). */
export function renderErrorPage(model: ErrorPageModel): string {
  return renderDocument({
    nonce: model.nonce,
    title: model.title,
    main: html`<h1>${model.title}</h1>
<div class="alert">${model.description}</div>
<p>The app that sent you here made a request that Latchkey cannot accept. Go back to the app and try again. If this keeps happening, contact the app’s support team.</p>
${model.requestId ? html`<p class="fine">Request ID: <code>${model.requestId}</code></p>` : ''}`,
  });
}
