import type { Answer, Operation } from '../http/operation.js';
import { pageResponse } from '../interaction/page-response.js';
import { negotiatedUi, renderHomePage, type Brand } from '../interaction/pages/index.js';

/** GET /: a page for a person who opens the server's address, instead of a JSON 404. */
export function getHome(deps: { docs: boolean; brand: Brand }): Operation<'getHome'> {
  return {
    page: true,
    async handle({ headers }): Answer<'getHome'> {
      const ui = negotiatedUi(deps.brand, undefined, headers['accept-language']);
      return pageResponse(200, (nonce) => renderHomePage({ nonce, ui, docs: deps.docs }));
    },
  };
}
