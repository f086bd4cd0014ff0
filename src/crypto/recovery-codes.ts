import { createHmac, hkdfSync, randomBytes } from 'node:crypto';

/**
 * Crockford's base32 alphabet (no I, L, O, U): a code read aloud or copied by hand survives
 * it, and {@link normaliseRecoveryCode} maps the look-alikes back.
 */
const alphabet = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
/** 12 symbols of 5 bits: 60 bits per code, typed as three groups of four. */
const symbols = 12;
const groupSize = 4;
/** How many codes a set has. */
export const recoveryCodeCount = 10;

/** One new recovery code, formatted `XXXX-XXXX-XXXX`. */
export function generateRecoveryCode(): string {
  const bytes = randomBytes(symbols);
  // 256 is a multiple of 32: each byte's low 5 bits are uniform.
  const raw = [...bytes].map((b) => alphabet[b & 31]).join('');
  return raw.match(new RegExp(`.{${groupSize}}`, 'g'))!.join('-');
}

/** A whole new set (all different). */
export function generateRecoveryCodes(): string[] {
  const codes = new Set<string>();
  while (codes.size < recoveryCodeCount) codes.add(generateRecoveryCode());
  return [...codes];
}

/**
 * The canonical form of what a user typed: case, spaces and dashes ignored, O read as 0 and
 * I or L as 1 (Crockford). `undefined` when it cannot be a code.
 */
export function normaliseRecoveryCode(input: string): string | undefined {
  const text = input
    .toUpperCase()
    .replace(/[\s-]/g, '')
    .replace(/O/g, '0')
    .replace(/[IL]/g, '1');
  return text.length === symbols && [...text].every((c) => alphabet.includes(c)) ? text : undefined;
}

/** The HMAC key for recovery codes, derived (HKDF-SHA-256, RFC 5869) from the secret kept under the KEK. */
export function recoveryCodeKey(secret: Buffer): Buffer {
  return Buffer.from(hkdfSync('sha256', secret, Buffer.alloc(0), 'latchkey recovery codes v1', 32));
}

/** How a code is stored: HMAC-SHA-256 of its canonical form, hex. */
export function recoveryCodeHmac(key: Buffer, canonical: string): string {
  return createHmac('sha256', key).update(canonical, 'utf8').digest('hex');
}
