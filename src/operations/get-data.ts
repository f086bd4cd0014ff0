import type { Answer, Operation } from '../http/operation.js';

const items = [
  { id: 1, title: 'First example item' },
  { id: 2, title: 'Second example item' },
];

/** GET /data: example data for any `read` token, from a client or a user. */
export function getData(): Operation<'getData'> {
  return {
    bearer: { scopes: ['read'] },
    async handle({ accessToken }): Answer<'getData'> {
      return { status: 200, body: { items, requested_by: { client_id: accessToken?.clientId ?? '', sub: accessToken?.sub ?? '' } } };
    },
  };
}
