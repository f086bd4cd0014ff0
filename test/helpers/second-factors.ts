import { generateSync } from 'otplib';
import type { Latchkey } from '../../src/latchkey.js';
import type { RequestMeta } from '../../src/services/audit.js';

/** The TOTP code an authenticator app shows at `nowMs` (otplib, as the apps compute it). */
export function totpCode(secret: string, nowMs: number): string {
  return generateSync({ secret, epoch: Math.floor(nowMs / 1000) });
}

/** A request from one address, for the guard's per-address limit and the audit trail. */
export function metaFrom(ip: string): RequestMeta {
  return { ip, requestId: null };
}

/** Enrols TOTP for a user at `nowMs` and returns its secret and first recovery codes. */
export async function enrolTotp(lk: Latchkey, user: { id: string; username: string }, nowMs: number): Promise<{ secret: string; recoveryCodes: string[] }> {
  const enrolment = await lk.secondFactors.beginTotp(user);
  if (!enrolment) throw new Error('TOTP already enrolled');
  const confirmed = await lk.secondFactors.confirmTotp(user.id, totpCode(enrolment.secret, nowMs), metaFrom('192.0.2.1'));
  if (confirmed.kind !== 'confirmed') throw new Error('TOTP enrolment refused');
  return { secret: enrolment.secret, recoveryCodes: confirmed.recoveryCodes };
}
