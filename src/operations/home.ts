import type { Answer, Operation } from '../http/operation.js';
import { pageResponse } from '../interaction/page-response.js';
import { renderHomePage } from '../interaction/pages/index.js';

/** GET /: a page for a person who opens the server's address, instead of a JSON 404. */
export function getHome(deps: { docs: boolean }): Operation<'getHome'> {
  return {
    page: true,
    async handle(): Answer<'getHome'> {
      return pageResponse(200, (nonce) => renderHomePage({ nonce, docs: deps.docs }));
    },
  };
}
