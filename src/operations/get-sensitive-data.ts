import type { Answer, Operation } from '../http/operation.js';
import { acrLevels } from '../oauth/authentication-levels.js';

const items = [{ id: 1, title: 'Example item that needs a second factor' }];

/** The levels `/data/sensitive` accepts: the multi-factor level or stronger, the preferred one first. */
const sensitiveDataAcr = [acrLevels.multiFactor, acrLevels.phishingResistant] as const;

/** GET /data/sensitive: example data for a `read` token whose sign-in used a second factor (RFC 9470 step-up). */
export function getSensitiveData(): Operation<'getSensitiveData'> {
  return {
    bearer: { scopes: ['read'], acr: sensitiveDataAcr },
    async handle({ accessToken }): Answer<'getSensitiveData'> {
      return { status: 200, body: { items, requested_by: { client_id: accessToken?.clientId ?? '', sub: accessToken?.sub ?? '' } } };
    },
  };
}
