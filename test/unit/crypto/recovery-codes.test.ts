import { randomBytes } from 'node:crypto';
import { generateRecoveryCode, generateRecoveryCodes, normaliseRecoveryCode, recoveryCodeCount, recoveryCodeHmac, recoveryCodeKey } from '../../../src/crypto/recovery-codes.js';

describe('recovery codes', () => {
  it('makes sets of 10 different codes, XXXX-XXXX-XXXX in Crockford base32 (60 bits each)', () => {
    const codes = generateRecoveryCodes();
    expect(codes).toHaveLength(recoveryCodeCount);
    expect(recoveryCodeCount).toBe(10);
    expect(new Set(codes).size).toBe(10);
    // 12 symbols from a 32-symbol alphabet: 60 bits, over the 50 asked for.
    for (const code of codes) expect(code).toMatch(/^[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}$/);
  });

  it('uses every symbol about equally (no bias, no ambiguous letters)', () => {
    const counts = new Map<string, number>();
    for (let i = 0; i < 2000; i += 1) for (const c of generateRecoveryCode().replace(/-/g, '')) counts.set(c, (counts.get(c) ?? 0) + 1);
    expect(counts.size).toBe(32);
    for (const letter of ['I', 'L', 'O', 'U']) expect(counts.has(letter)).toBe(false);
    // 24000 symbols / 32 = 750 each; 5 standard deviations is about ±135.
    for (const n of counts.values()) expect(Math.abs(n - 750)).toBeLessThan(150);
  });

  it('reads what users type: case, spaces, dashes, O for 0, I and L for 1', () => {
    expect(normaliseRecoveryCode('abcd-efgh-0123')).toBe('ABCDEFGH0123');
    expect(normaliseRecoveryCode(' ab cd ef gh o1 23 ')).toBe('ABCDEFGH0123');
    expect(normaliseRecoveryCode('ABCD-EFGH-OIL3')).toBe('ABCDEFGH0113');
    expect(normaliseRecoveryCode('ABCD-EFGH-012')).toBeUndefined();
    expect(normaliseRecoveryCode('ABCD-EFGH-0123-4')).toBeUndefined();
    expect(normaliseRecoveryCode('ABCD-EFGH-01U3')).toBeUndefined();
    expect(normaliseRecoveryCode('')).toBeUndefined();
  });

  it('stores HMAC-SHA-256 under a key derived from the secret: another secret gives other HMACs', () => {
    const secret = randomBytes(32);
    const key = recoveryCodeKey(secret);
    expect(key).toHaveLength(32);
    expect(key.equals(secret)).toBe(false);
    const hmac = recoveryCodeHmac(key, 'ABCDEFGH0123');
    expect(hmac).toMatch(/^[0-9a-f]{64}$/);
    expect(recoveryCodeHmac(recoveryCodeKey(secret), 'ABCDEFGH0123')).toBe(hmac);
    expect(recoveryCodeHmac(recoveryCodeKey(randomBytes(32)), 'ABCDEFGH0123')).not.toBe(hmac);
    expect(recoveryCodeHmac(key, 'ABCDEFGH0124')).not.toBe(hmac);
  });
});
