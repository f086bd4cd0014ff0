import { html } from './html.js';
import { renderDocument } from './layout.js';

/** What the signed-out page needs. */
export interface SignedOutPageModel {
  nonce: string;
}

/** Renders "You have signed out." */
export function renderSignedOutPage(model: SignedOutPageModel): string {
  return renderDocument({
    nonce: model.nonce,
    title: 'Signed out',
    main: html`<h1>You have signed out.</h1>
<p class="lead">You are no longer signed in to Latchkey on this browser. You can close this window.</p>`,
  });
}
