import { randomBytes } from 'node:crypto';
import { decryptWithKek, encryptWithKek } from '../crypto/key-encryption.js';
import { recoveryCodeKey } from '../crypto/recovery-codes.js';
import type { MetaStore } from '../store/meta.js';

/** The label a user's TOTP secret is sealed under: a secret moved to another user's row does not open. */
export function totpLabel(userId: string): string {
  return `totp:${userId}`;
}

/** Where the installation's recovery-code secret is kept (sealed under the KEK) and the label bound to it. */
export const recoveryCodeSecretName = 'recovery_code_secret';
export const recoveryCodeSecretLabel = 'recovery-code-secret';

/**
 * The HMAC key of recovery codes. A random 256-bit secret is made once per installation and kept
 * sealed under the KEK in `latchkey_meta` (so `keys rewrap` can re-seal it and the codes survive a
 * KEK rotation); the key is derived from it with HKDF. Without the KEK the stored HMACs are useless.
 */
export class RecoveryCodeKey {
  private key: Promise<Buffer> | undefined;

  constructor(
    private readonly meta: MetaStore,
    private readonly kek: Buffer,
  ) {}

  get(): Promise<Buffer> {
    this.key ??= this.load().catch((error: unknown) => {
      this.key = undefined;
      throw error;
    });
    return this.key;
  }

  private async load(): Promise<Buffer> {
    let sealed = await this.meta.get(recoveryCodeSecretName);
    if (!sealed) {
      // Two processes may both get here: setOnce keeps the first, and both read it back.
      await this.meta.setOnce(recoveryCodeSecretName, encryptWithKek(this.kek, randomBytes(32).toString('base64url'), recoveryCodeSecretLabel));
      sealed = await this.meta.get(recoveryCodeSecretName);
    }
    if (!sealed) throw new Error('the recovery-code secret could not be stored');
    return recoveryCodeKey(Buffer.from(decryptWithKek(this.kek, sealed, recoveryCodeSecretLabel), 'base64url'));
  }
}
