import { randomBytes } from 'node:crypto';
import { generateURI, verifySync } from 'otplib';

/** RFC 6238 §4: what every authenticator app honours (Google Authenticator ignores anything else). */
const period = 30;
const defaultDigits = 6;
/** RFC 6238 §4 / RFC 4226 §4 R6: at least 128 bits; 160 bits is the length of the SHA-1 output. */
const secretBytes = 20;

const base32Alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

/** RFC 4648 §6 base32 without padding, as `otpauth://` URIs carry secrets. */
export function base32Encode(bytes: Uint8Array): string {
  let out = '';
  let buffer = 0;
  let bits = 0;
  for (const byte of bytes) {
    buffer = (buffer << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      out += base32Alphabet[(buffer >>> (bits - 5)) & 31];
      bits -= 5;
    }
    buffer &= (1 << bits) - 1;
  }
  if (bits > 0) out += base32Alphabet[(buffer << (5 - bits)) & 31];
  return out;
}

/** A new TOTP secret: 160 bits from `node:crypto`, base32-encoded. */
export function generateTotpSecret(): string {
  return base32Encode(randomBytes(secretBytes));
}

/** A secret no user has, checked when a user has none, so "no factor" costs what "wrong code" does. */
export const dummyTotpSecret = generateTotpSecret();

/** The Key URI an authenticator app scans (the de facto `otpauth://totp/ISSUER:LABEL?secret=…` format). */
export function totpUri(issuer: string, label: string, secret: string): string {
  return generateURI({ issuer, label, secret, algorithm: 'sha1', digits: defaultDigits, period });
}

/** The time step (RFC 6238 §4.2, T0 = 0) of an instant in epoch ms. */
export function timeStepAt(nowMs: number): number {
  return Math.floor(nowMs / 1000 / period);
}

/** What {@link checkTotp} needs beside the code. */
export interface TotpCheck {
  /** A base32 secret, or its raw bytes (the RFC 6238 test vectors use an ASCII key). */
  readonly secret: string | Uint8Array;
  readonly nowMs: number;
  /** Steps at or before this one are refused: each code is accepted once (RFC 6238 §5.2). */
  readonly afterStep?: number | null;
  /** 6 in use; the Appendix B vectors have 8. */
  readonly digits?: 6 | 8;
}

/**
 * The time step the code belongs to, when it is valid at `nowMs` or one step either side
 * (RFC 6238 §5.2: at most one step of network delay or clock drift) and later than `afterStep`;
 * otherwise `undefined`. SHA-1, 30-second steps.
 */
export function checkTotp(code: string, check: TotpCheck): number | undefined {
  const digits = check.digits ?? defaultDigits;
  if (!new RegExp(`^\\d{${digits}}$`).test(code)) return undefined;
  try {
    const result = verifySync({
      secret: check.secret,
      token: code,
      algorithm: 'sha1',
      digits,
      period,
      epoch: Math.floor(check.nowMs / 1000),
      epochTolerance: period,
      ...(check.afterStep !== null && check.afterStep !== undefined ? { afterTimeStep: check.afterStep } : {}),
    });
    return result.valid && 'timeStep' in result ? result.timeStep : undefined;
  } catch {
    // otplib throws when afterStep lies beyond the window (a clock moved back): nothing is acceptable then.
    return undefined;
  }
}
