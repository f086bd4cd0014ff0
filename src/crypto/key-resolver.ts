import { errors, type JWTVerifyGetKey } from 'jose';
import type { Keystore } from './keystore.js';

/** A jose key resolver over the keystore, for the resource-server middleware running inside Latchkey. */
export function keystoreKeyResolver(keystore: Keystore): JWTVerifyGetKey {
  return async (header) => {
    const key = header.kid ? keystore.verificationKey(header.kid) : undefined;
    if (!key || key.alg !== header.alg) throw new errors.JWKSNoMatchingKey();
    return key.publicKey;
  };
}
