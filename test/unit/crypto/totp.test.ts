import { generateSync } from 'otplib';
import { base32Encode, checkTotp, generateTotpSecret, timeStepAt, totpUri } from '../../../src/crypto/totp.js';

/** RFC 6238 Appendix B: the SHA-1 key is the ASCII string "12345678901234567890"; codes have 8 digits. */
const rfcKey = new TextEncoder().encode('12345678901234567890');
const rfcVectors: ReadonlyArray<readonly [number, string]> = [
  [59, '94287082'],
  [1111111109, '07081804'],
  [1111111111, '14050471'],
  [1234567890, '89005924'],
  [2000000000, '69279037'],
  [20000000000, '65353130'],
];

describe('TOTP (RFC 6238)', () => {
  it.each(rfcVectors)('accepts the Appendix B SHA-1 code at T = %i s', (seconds, code) => {
    expect(checkTotp(code, { secret: rfcKey, nowMs: seconds * 1000, digits: 8 })).toBe(Math.floor(seconds / 30));
  });

  it('refuses a code of another Appendix B time', () => {
    expect(checkTotp('07081804', { secret: rfcKey, nowMs: 59_000, digits: 8 })).toBeUndefined();
  });

  const secret = generateTotpSecret();
  const now = 1_700_000_015_000;
  const codeAt = (ms: number): string => generateSync({ secret, epoch: Math.floor(ms / 1000) });

  it('accepts one step either side and refuses two (RFC 6238 §5.2)', () => {
    const step = timeStepAt(now);
    expect(checkTotp(codeAt(now), { secret, nowMs: now })).toBe(step);
    expect(checkTotp(codeAt(now - 30_000), { secret, nowMs: now })).toBe(step - 1);
    expect(checkTotp(codeAt(now + 30_000), { secret, nowMs: now })).toBe(step + 1);
    expect(checkTotp(codeAt(now - 60_000), { secret, nowMs: now })).toBeUndefined();
    expect(checkTotp(codeAt(now + 60_000), { secret, nowMs: now })).toBeUndefined();
  });

  it('refuses a step at or before the last one used (replay), accepts a later one', () => {
    const step = timeStepAt(now);
    expect(checkTotp(codeAt(now), { secret, nowMs: now, afterStep: step })).toBeUndefined();
    expect(checkTotp(codeAt(now - 30_000), { secret, nowMs: now, afterStep: step - 1 })).toBeUndefined();
    expect(checkTotp(codeAt(now), { secret, nowMs: now, afterStep: step - 1 })).toBe(step);
    // A clock moved back past the last used step: nothing is acceptable, and nothing throws.
    expect(checkTotp(codeAt(now), { secret, nowMs: now, afterStep: step + 5 })).toBeUndefined();
  });

  it('refuses malformed codes without throwing', () => {
    for (const code of ['', '12345', '1234567', 'abcdef', ' 123456', '12345678']) expect(checkTotp(code, { secret, nowMs: now })).toBeUndefined();
  });

  it('makes 160-bit base32 secrets from node:crypto, all different', () => {
    const secrets = new Set(Array.from({ length: 50 }, generateTotpSecret));
    expect(secrets.size).toBe(50);
    for (const s of secrets) expect(s).toMatch(/^[A-Z2-7]{32}$/);
  });

  it('encodes base32 as RFC 4648 §10 does (without padding)', () => {
    const text = (s: string): Uint8Array => new TextEncoder().encode(s);
    expect(['', 'f', 'fo', 'foo', 'foob', 'fooba', 'foobar'].map((s) => base32Encode(text(s)))).toEqual(['', 'MY', 'MZXQ', 'MZXW6', 'MZXW6YQ', 'MZXW6YTB', 'MZXW6YTBOI']);
  });

  it('writes the Key URI an authenticator scans', () => {
    const uri = new URL(totpUri('Latchkey Demo', 'alice', 'JBSWY3DPEHPK3PXP'));
    expect(uri.protocol).toBe('otpauth:');
    expect(uri.host).toBe('totp');
    expect(decodeURIComponent(uri.pathname)).toBe('/Latchkey Demo:alice');
    expect(uri.searchParams.get('secret')).toBe('JBSWY3DPEHPK3PXP');
    expect(uri.searchParams.get('issuer')).toBe('Latchkey Demo');
  });
});
