import { html } from './html.js';
import { renderDocument } from './layout.js';

/** What the front page links to. */
export interface HomePageModel {
  nonce: string;
  /** Whether Swagger UI is served at `/docs` (`LATCHKEY_DOCS`). */
  docs: boolean;
}

/** Renders the front page: where a person who opens the server's address can go. */
export function renderHomePage(model: HomePageModel): string {
  return renderDocument({
    nonce: model.nonce,
    title: 'Latchkey',
    main: html`<h1>Latchkey</h1>
<p class="lead">This is a sign-in server. Apps send you here to sign in; you can also see and revoke the apps you have allowed.</p>
<div class="actions">
<a class="button button-primary" href="/account">Your account</a>
</div>
<p class="fine">For developers: the <a href="/.well-known/openid-configuration">OpenID Connect discovery document</a>${model.docs ? html` and the <a href="/docs">API documentation</a>` : ''}.</p>`,
  });
}
