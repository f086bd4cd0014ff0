import { html } from './html.js';
import { renderDocument } from './layout.js';
import { pageUi, type PageUi } from './ui.js';

/** What the front page links to. */
export interface HomePageModel {
  nonce: string;
  /** Brand and language; English and the default brand when absent. */
  ui?: PageUi;
  /** Whether Swagger UI is served at `/docs` (`LATCHKEY_DOCS`). */
  docs: boolean;
}

/** Renders the front page: where a person who opens the server's address can go. */
export function renderHomePage(model: HomePageModel): string {
  const ui = model.ui ?? pageUi();
  const { t, h } = ui.text;
  const discovery = html`<a href="/.well-known/openid-configuration">${t('home.discovery')}</a>`;
  const docs = html`<a href="/docs">${t('home.docs')}</a>`;
  return renderDocument({
    nonce: model.nonce,
    ui,
    title: ui.brand.name,
    main: html`<h1>${ui.brand.name}</h1>
<p class="lead">${t('home.lead')}</p>
<div class="actions">
<a class="button button-primary" href="/account">${t('home.account')}</a>
</div>
<p class="fine">${model.docs ? h('home.developersWithDocs', { discovery, docs }) : h('home.developers', { discovery })}</p>`,
  });
}
