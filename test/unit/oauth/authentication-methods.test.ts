import type { AuthenticationFactor } from '../../../src/domain/authentication.js';
import { acrSatisfies, acrValuesSupported, isAcrValue } from '../../../src/oauth/authentication-levels.js';
import { acrOf, amrOf, authenticationOf, recentFactors } from '../../../src/oauth/authentication-methods.js';

const at = 1_700_000_000_000;
const password: AuthenticationFactor = { kind: 'password', at };
const totp: AuthenticationFactor = { kind: 'totp', at: at + 20_000 };
const recovery: AuthenticationFactor = { kind: 'recovery_code', at: at + 30_000 };
const deviceBound: AuthenticationFactor = { kind: 'passkey', at: at + 5_000, synced: false, userVerified: true };
const synced: AuthenticationFactor = { kind: 'passkey', at: at + 5_000, synced: true, userVerified: true };
const presenceOnly: AuthenticationFactor = { kind: 'passkey', at: at + 5_000, synced: false, userVerified: false };

describe('amr (RFC 8176 §2) and acr of a sign-in', () => {
  it.each([
    ['a password', [password], ['pwd'], 'urn:latchkey:acr:pwd'],
    ['a password and TOTP', [password, totp], ['pwd', 'otp', 'mfa'], 'urn:latchkey:acr:mfa'],
    ['a password and a recovery code (a one-time password)', [password, recovery], ['pwd', 'otp', 'mfa'], 'urn:latchkey:acr:mfa'],
    ['a device-bound passkey with user verification', [deviceBound], ['hwk', 'user', 'mfa'], 'phr'],
    ['a synced passkey with user verification', [synced], ['swk', 'user', 'mfa'], 'phr'],
    ['a passkey without user verification', [presenceOnly], ['hwk'], 'urn:latchkey:acr:pwd'],
    ['a password and a passkey without user verification', [password, presenceOnly], ['pwd', 'hwk', 'mfa'], 'urn:latchkey:acr:mfa'],
  ] as const)('%s', (_name, factors, amr, acr) => {
    expect(amrOf(factors)).toEqual(amr);
    expect(acrOf(factors)).toBe(acr);
  });

  it('auth_time is the time of the latest factor', () => {
    expect(authenticationOf([password, totp])).toEqual({ authTime: at + 20_000, acr: 'urn:latchkey:acr:mfa', amr: ['pwd', 'otp', 'mfa'] });
    expect(authenticationOf([totp, password]).authTime).toBe(at + 20_000);
  });

  it('lists a method once however many factors gave it', () => {
    expect(amrOf([password, totp, recovery])).toEqual(['pwd', 'otp', 'mfa']);
  });
});

describe('max_age keeps only the factors given within it (OIDC Core §3.1.2.1)', () => {
  const now = at + 60_000;
  it('keeps every factor without max_age', () => {
    expect(recentFactors([password, totp], now, undefined)).toEqual([password, totp]);
  });
  it('keeps the factors at most max_age seconds old, the limit included', () => {
    expect(recentFactors([password, totp], now, 40)).toEqual([totp]);
    expect(recentFactors([password, totp], now, 60)).toEqual([password, totp]);
    expect(recentFactors([password, totp], now, 39)).toEqual([]);
  });
});

describe('authentication levels', () => {
  it('are published weakest first', () => {
    expect(acrValuesSupported).toEqual(['urn:latchkey:acr:pwd', 'urn:latchkey:acr:mfa', 'phr']);
  });
  it('a stronger level satisfies a weaker request, never the reverse', () => {
    expect(acrSatisfies('phr', 'urn:latchkey:acr:mfa')).toBe(true);
    expect(acrSatisfies('urn:latchkey:acr:mfa', 'urn:latchkey:acr:mfa')).toBe(true);
    expect(acrSatisfies('urn:latchkey:acr:mfa', 'phr')).toBe(false);
    expect(acrSatisfies('urn:latchkey:acr:pwd', 'urn:latchkey:acr:mfa')).toBe(false);
  });
  it('knows only its own values', () => {
    expect(isAcrValue('phr')).toBe(true);
    expect(isAcrValue('urn:latchkey:acr:unknown')).toBe(false);
    expect(isAcrValue('0')).toBe(false);
  });
});
