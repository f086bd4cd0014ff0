import { decryptWithKek, encryptWithKek } from '../crypto/key-encryption.js';
import { normaliseRecoveryCode, recoveryCodeCount, recoveryCodeHmac } from '../crypto/recovery-codes.js';
import { digestsEqual } from '../crypto/random.js';
import { checkTotp, dummyTotpSecret } from '../crypto/totp.js';
import type { ProvenFactor } from '../domain/authentication.js';
import type { Stores } from '../store/index.js';
import { type BeforeAtomicStep, noBeforeAtomicStep } from './atomic-step-hook.js';
import { type RecoveryCodeKey, totpLabel } from './recovery-code-key.js';
import type { WebAuthnCeremonies } from './webauthn-ceremonies.js';

/**
 * What a second-factor check is given: a code, or a passkey's assertion (WebAuthn `toJSON()`) answering
 * the challenge bound to `boundTo` (the sign-in's interaction).
 */
export type SecondFactorInput =
  | { readonly kind: 'totp' | 'recovery_code'; readonly code: string }
  | { readonly kind: 'passkey'; readonly response: string; readonly boundTo: string };

/**
 * Checks and consumes one code. A user without the factor goes through the same work (a dummy
 * secret decrypted and checked, an HMAC computed and compared with as many dummies), so "no such
 * factor" and "wrong code" take the same time. Consuming is one conditional update: of two
 * concurrent uses of one code, exactly one wins.
 */
export class SecondFactorCheck {
  private readonly dummySealed: string;
  private readonly dummyHmac = '0'.repeat(64);

  constructor(
    private readonly stores: Stores,
    private readonly kek: Buffer,
    private readonly recoveryKey: RecoveryCodeKey,
    private readonly now: () => number,
    private readonly ceremonies: Pick<WebAuthnCeremonies, 'verifyAuthentication'>,
    private readonly beforeAtomicStep: BeforeAtomicStep = noBeforeAtomicStep,
  ) {
    this.dummySealed = encryptWithKek(kek, dummyTotpSecret, totpLabel('dummy'));
  }

  /** What the code or assertion proved, or `undefined`. */
  async verify(userId: string, input: SecondFactorInput): Promise<ProvenFactor | undefined> {
    switch (input.kind) {
      case 'totp':
        return (await this.useTotp(userId, input.code.replace(/\s/g, ''))) ? { kind: 'totp' } : undefined;
      case 'recovery_code':
        return (await this.useRecoveryCode(userId, input.code)) ? { kind: 'recovery_code' } : undefined;
      case 'passkey': {
        const passkey = await this.ceremonies.verifyAuthentication(input.boundTo, input.response, userId);
        return 'kind' in passkey ? undefined : { kind: 'passkey', synced: passkey.synced, userVerified: passkey.userVerified };
      }
    }
  }

  private async useTotp(userId: string, code: string): Promise<boolean> {
    const factor = await this.stores.secondFactors.findTotp(userId);
    const confirmed = factor?.confirmedAt !== null && factor !== undefined;
    const secret = confirmed ? decryptWithKek(this.kek, factor.secretEncrypted, totpLabel(userId)) : decryptWithKek(this.kek, this.dummySealed, totpLabel('dummy'));
    const step = checkTotp(code, { secret, nowMs: this.now(), afterStep: confirmed ? factor.lastUsedStep : null });
    if (step === undefined || !confirmed) return false;
    await this.beforeAtomicStep('totp.consume', this.stores);
    // RFC 6238 §5.2: the verifier MUST NOT accept the second attempt of the same OTP.
    return this.stores.secondFactors.consumeTotpStep(userId, step);
  }

  private async useRecoveryCode(userId: string, input: string): Promise<boolean> {
    const key = await this.recoveryKey.get();
    const canonical = normaliseRecoveryCode(input);
    const presented = recoveryCodeHmac(key, canonical ?? input);
    const stored = await this.stores.secondFactors.unusedRecoveryCodes(userId);
    const candidates = [...stored, ...Array<string>(Math.max(0, recoveryCodeCount - stored.length)).fill(this.dummyHmac)];
    let match: string | undefined;
    // Every candidate is compared, in constant time, whatever matched before it.
    for (const candidate of candidates) if (digestsEqual(candidate, presented) && candidate !== this.dummyHmac) match = candidate;
    if (!canonical || !match) return false;
    await this.beforeAtomicStep('recovery_code.consume', this.stores);
    return this.stores.secondFactors.consumeRecoveryCode(userId, match, this.now());
  }
}
