import { generateSigningKey, type SigningAlgorithm } from '../crypto/signing-keys.js';
import type { SigningKeyStore } from '../store/signing-keys.js';
import type { SigningKeyRecord } from '../domain/records.js';

/**
 * Stores the next key for `alg`. It becomes the signer only after every server
 * has published it: the JWKS max-age plus the keystore reload interval (plus a
 * small margin), so no verifier meets an unknown `kid`.
 */
export async function rotateSigningKey(
  store: SigningKeyStore,
  options: { kek: Buffer; alg: SigningAlgorithm; jwksMaxAgeS: number; keystoreReloadS: number; now: number },
): Promise<SigningKeyRecord> {
  const leadMs = (options.jwksMaxAgeS + options.keystoreReloadS + 5) * 1000;
  const key = await generateSigningKey(options.alg, options.kek, options.now, options.now + leadMs);
  await store.insert(key);
  return key;
}
