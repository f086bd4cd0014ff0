import type { VerifiedAccessToken } from '../../../src/resource-server/index.js';
import { ResourceServerError } from '../../../src/resource-server/index.js';
import {
  assertAuthentication,
  parseAuthenticationRequirement,
  type AuthenticationRequirement,
} from '../../../src/resource-server/authentication-requirement.js';

const MFA = 'urn:latchkey:acr:mfa';
const PWD = 'urn:latchkey:acr:pwd';
const AUTH_TIME = 1_800_000_000;

function token(authentication: Pick<VerifiedAccessToken, 'acr' | 'authTime'>): VerifiedAccessToken {
  return { token: 't', sub: 'user-1', clientId: 'client-1', scopes: ['read'], jti: 'j', claims: {}, ...authentication };
}

/** The refusal `assertAuthentication` throws, or `undefined` when it accepts. */
function refusal(requirement: AuthenticationRequirement, tokenAuthentication: Pick<VerifiedAccessToken, 'acr' | 'authTime'>, nowMs: number) {
  try {
    assertAuthentication(token(tokenAuthentication), parseAuthenticationRequirement(requirement), nowMs);
    return undefined;
  } catch (error) {
    if (!(error instanceof ResourceServerError)) throw error;
    const { code, status, description, acrValues, maxAge } = error;
    return { code, status, description, acrValues, maxAge };
  }
}

const LEVEL = 'A different authentication level is required.';
const RECENT = 'More recent authentication is required.';
const at = (seconds: number) => seconds * 1000;

describe('the sign-in a route requires (RFC 9470 §3)', () => {
  it('accepts any token when nothing is required, even without acr or auth_time', () => {
    expect(refusal({}, {}, at(AUTH_TIME))).toBeUndefined();
  });

  it.each([[MFA], ['phr']])('accepts acr %s from the accepted list', (acr) => {
    expect(refusal({ acr: [MFA, 'phr'] }, { acr }, 0)).toBeUndefined();
  });

  it.each([
    ['another level', { acr: PWD }],
    ['no acr at all', {}],
    ['a value that differs in case only', { acr: 'URN:LATCHKEY:ACR:MFA' }],
  ])('refuses %s with 401 insufficient_user_authentication and the accepted values in order', (_name, authentication) => {
    expect(refusal({ acr: [MFA, 'phr'] }, authentication, 0)).toEqual({
      code: 'insufficient_user_authentication', status: 401, description: LEVEL, acrValues: [MFA, 'phr'], maxAge: undefined,
    });
  });

  it('accepts a sign-in exactly maxAge seconds old and refuses it one millisecond later (injected clock)', () => {
    expect(refusal({ maxAge: 300 }, { authTime: AUTH_TIME }, at(AUTH_TIME + 300))).toBeUndefined();
    expect(refusal({ maxAge: 300 }, { authTime: AUTH_TIME }, at(AUTH_TIME + 300) + 1)).toEqual({
      code: 'insufficient_user_authentication', status: 401, description: RECENT, acrValues: undefined, maxAge: 300,
    });
  });

  it('refuses a token without auth_time when maxAge is set, whatever the clock', () => {
    expect(refusal({ maxAge: 86_400 }, { acr: MFA }, at(AUTH_TIME))).toMatchObject({ description: RECENT, maxAge: 86_400 });
  });

  it('accepts an auth_time slightly ahead of the clock (the issuer clock runs ahead)', () => {
    expect(refusal({ maxAge: 0 }, { authTime: AUTH_TIME + 2 }, at(AUTH_TIME))).toBeUndefined();
  });

  it('states the whole requirement in the refusal, whichever part failed, the level first', () => {
    const requirement = { acr: [MFA], maxAge: 60 };
    const both = { code: 'insufficient_user_authentication', status: 401, acrValues: [MFA], maxAge: 60 };
    expect(refusal(requirement, { acr: PWD, authTime: AUTH_TIME }, at(AUTH_TIME))).toEqual({ ...both, description: LEVEL });
    expect(refusal(requirement, { acr: MFA, authTime: AUTH_TIME }, at(AUTH_TIME + 61))).toEqual({ ...both, description: RECENT });
    expect(refusal(requirement, { acr: PWD }, at(AUTH_TIME))).toEqual({ ...both, description: LEVEL });
    expect(refusal(requirement, { acr: MFA, authTime: AUTH_TIME }, at(AUTH_TIME + 60))).toBeUndefined();
  });
});

describe('declaring the requirement', () => {
  it('keeps the acr values in order without duplicates, and maxAge 0', () => {
    expect(parseAuthenticationRequirement({ acr: ['phr', MFA, 'phr'], maxAge: 0 })).toEqual({ acr: ['phr', MFA], maxAge: 0 });
    expect(parseAuthenticationRequirement({})).toEqual({});
  });

  // Each refusal names its reason, so a check that stops working is not hidden by a later one.
  it.each([
    ['an empty acr list', { acr: [] }, 'requireToken: acr must list at least one value; omit it to accept any sign-in'],
    ['an acr string instead of a list', { acr: MFA }, 'requireToken: acr must be an array of acr values'],
    ['an acr value with a space (acr_values is space-separated)', { acr: ['urn:a b'] }, 'requireToken: "urn:a b" is not a valid acr value'],
    ['an empty acr value', { acr: [MFA, ''] }, 'requireToken: "" is not a valid acr value'],
    ['a non-ASCII acr value', { acr: ['niveau-é'] }, 'requireToken: "niveau-é" is not a valid acr value'],
    ['an acr value with a line break', { acr: ['a\r\nb'] }, 'requireToken: "a\\r\\nb" is not a valid acr value'],
    ['an acr value that is not a string', { acr: [2] }, 'requireToken: 2 is not a valid acr value'],
    ['a negative maxAge', { maxAge: -1 }, 'requireToken: maxAge must be a non-negative integer number of seconds'],
    ['a fractional maxAge', { maxAge: 1.5 }, 'requireToken: maxAge must be a non-negative integer number of seconds'],
    ['an infinite maxAge', { maxAge: Infinity }, 'requireToken: maxAge must be a non-negative integer number of seconds'],
    ['a NaN maxAge', { maxAge: NaN }, 'requireToken: maxAge must be a non-negative integer number of seconds'],
    ['a maxAge string', { maxAge: '300' }, 'requireToken: maxAge must be a non-negative integer number of seconds'],
  ])('refuses %s with a TypeError', (_name, options, message) => {
    expect(() => parseAuthenticationRequirement(options)).toThrow(new TypeError(message));
  });
});
