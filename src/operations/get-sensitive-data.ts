import type { Answer, Operation } from '../http/operation.js';
import { acrLevels, acrSatisfies, acrValuesSupported } from '../oauth/authentication-levels.js';

const items = [{ id: 1, title: 'Example item that needs a second factor' }];

/** The levels `/data/sensitive` accepts: the multi-factor level or stronger (`urn:latchkey:acr:mfa`, `phr`), weakest first. */
const sensitiveDataAcr = acrValuesSupported.filter((level) => acrSatisfies(level, acrLevels.multiFactor));

/** GET /data/sensitive: example data for a `read` token whose sign-in used a second factor (RFC 9470 step-up). */
export function getSensitiveData(): Operation<'getSensitiveData'> {
  return {
    bearer: { scopes: ['read'], acr: sensitiveDataAcr },
    async handle({ accessToken }): Answer<'getSensitiveData'> {
      return { status: 200, body: { items, requested_by: { client_id: accessToken?.clientId ?? '', sub: accessToken?.sub ?? '' } } };
    },
  };
}
