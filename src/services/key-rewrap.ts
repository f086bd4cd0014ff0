import { decryptWithKek, encryptWithKek } from '../crypto/key-encryption.js';
import type { Storage } from '../store/index.js';

/**
 * Re-encrypts every private signing key from the old KEK to the new one in one
 * transaction: if any key does not open with the old KEK, nothing is written.
 */
export async function rewrapSigningKeys(storage: Storage, oldKek: Buffer, newKek: Buffer): Promise<string[]> {
  return storage.transaction(async (stores) => {
    const keys = await stores.signingKeys.list();
    const rewrapped = keys.map((key) => {
      let plaintext: string;
      try {
        plaintext = decryptWithKek(oldKek, key.privateJwkEncrypted, key.kid);
      } catch {
        throw new Error(`key ${key.kid} does not open with the old KEK: nothing was changed`);
      }
      return { kid: key.kid, sealed: encryptWithKek(newKek, plaintext, key.kid) };
    });
    for (const { kid, sealed } of rewrapped) await stores.signingKeys.replacePrivate(kid, sealed);
    return rewrapped.map((k) => k.kid);
  });
}
