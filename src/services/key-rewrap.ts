import { decryptWithKek, encryptWithKek } from '../crypto/key-encryption.js';
import type { Storage } from '../store/index.js';
// Not second-factor-check.ts: the CLI loads this module for every command, and otplib is not needed here.
import { recoveryCodeSecretLabel, recoveryCodeSecretName, totpLabel } from './recovery-code-key.js';

/** What {@link rewrapKekSecrets} re-encrypted. */
export interface Rewrapped {
  /** The signing keys, by kid. */
  kids: string[];
  /** TOTP secrets, pending enrolments included. */
  totpSecrets: number;
  /** Whether the recovery codes' secret existed (it is made on first use). */
  recoveryCodeSecret: boolean;
}

function reseal(oldKek: Buffer, newKek: Buffer, sealed: string, label: string, what: string): string {
  let plaintext: string;
  try {
    plaintext = decryptWithKek(oldKek, sealed, label);
  } catch {
    throw new Error(`${what} does not open with the old KEK: nothing was changed`);
  }
  return encryptWithKek(newKek, plaintext, label);
}

/**
 * Re-encrypts every value kept under the KEK from the old KEK to the new one, in one transaction:
 * private signing keys, TOTP secrets (pending ones too) and the recovery codes' secret. If any of
 * them does not open with the old KEK, nothing is written.
 */
export async function rewrapKekSecrets(storage: Storage, oldKek: Buffer, newKek: Buffer): Promise<Rewrapped> {
  return storage.transaction(async (stores) => {
    const keys = (await stores.signingKeys.list()).map((key) => ({ kid: key.kid, sealed: reseal(oldKek, newKek, key.privateJwkEncrypted, key.kid, `key ${key.kid}`) }));
    const totp = (await stores.secondFactors.listTotp()).map((f) => ({ userId: f.userId, sealed: reseal(oldKek, newKek, f.secretEncrypted, totpLabel(f.userId), `the TOTP secret of user ${f.userId}`) }));
    const recoverySealed = await stores.meta.get(recoveryCodeSecretName);
    const recovery = recoverySealed === undefined ? undefined : reseal(oldKek, newKek, recoverySealed, recoveryCodeSecretLabel, 'the recovery-code secret');
    for (const { kid, sealed } of keys) await stores.signingKeys.replacePrivate(kid, sealed);
    for (const { userId, sealed } of totp) await stores.secondFactors.replaceTotpSecret(userId, sealed);
    if (recovery !== undefined) await stores.meta.replace(recoveryCodeSecretName, recovery);
    return { kids: keys.map((k) => k.kid), totpSecrets: totp.length, recoveryCodeSecret: recovery !== undefined };
  });
}
