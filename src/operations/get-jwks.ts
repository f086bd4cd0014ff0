import type { JsonWebKeySet } from '../../generated/types.gen.js';
import type { Keystore } from '../crypto/keystore.js';
import type { Answer, Operation } from '../http/operation.js';

/** GET /jwks.json (RFC 7517 §5): public keys only, cacheable for `LATCHKEY_JWKS_MAX_AGE_S`. */
export function getJwks(deps: { keystore: Keystore; maxAgeS: number }): Operation<'getJwks'> {
  return {
    cors: 'any-origin',
    async handle(): Answer<'getJwks'> {
      return {
        status: 200,
        body: { keys: deps.keystore.publicJwks() as JsonWebKeySet['keys'] },
        headers: { 'Cache-Control': `public, max-age=${deps.maxAgeS}`, Pragma: '' },
      };
    },
  };
}
