/** RFC 9470 step-up with local JWT verification: `requireToken({ acr, maxAge })` over real HTTP. */
import type { Server } from 'node:http';
import { createResourceServer } from '../../../src/resource-server/index.js';
import { AUDIENCE, ISSUER, bearer, call, claims, close, invalidTokenAnswer, makeKey, sign, type TestKey } from './helpers.js';
import { LEVEL, MFA, NOW_MS, NOW_S, PWD, RECENT, startStepUpApi, stepUpAnswer } from './step-up-helpers.js';

let key: TestKey;
let api: { url: string; server: Server };
const rs = () => createResourceServer({ issuer: ISSUER, audience: AUDIENCE, keys: { getKey: async () => key.publicKey }, now: () => NOW_MS });

beforeAll(async () => {
  key = await makeKey('k1');
  api = await startStepUpApi(rs());
});
afterAll(() => close(api.server));

/** Calls `path` with a token of valid claims on the test clock, plus `extra`. */
async function get(path: string, extra: Record<string, unknown>) {
  return call(`${api.url}${path}`, bearer(await sign(key, claims({ iat: NOW_S, exp: NOW_S + 300, ...extra }))));
}

const ACR_VALUES = `acr_values="${MFA} phr"`;

describe('requiring an authentication level (RFC 9470 §3, acr)', () => {
  it.each([[MFA], ['phr']])('admits acr %s and hands the sign-in facts to the handler', async (acr) => {
    const answer = await get('/sensitive', { acr, amr: ['pwd', 'otp', 'mfa'], auth_time: NOW_S - 60 });
    expect(answer).toEqual({
      status: 200, wwwAuthenticate: null, retryAfter: null,
      body: { sub: 'user-1', acr, amr: ['pwd', 'otp', 'mfa'], authTime: NOW_S - 60 },
    });
  });

  it.each([
    ['a password-only token', { acr: PWD, auth_time: NOW_S }],
    ['a token without acr (client credentials, or an older server)', {}],
  ])('refuses %s with 401 insufficient_user_authentication and acr_values', async (_name, extra) => {
    expect(await get('/sensitive', extra)).toEqual(stepUpAnswer(LEVEL, ACR_VALUES));
  });
});

describe('requiring a recent sign-in (RFC 9470 §3, max_age)', () => {
  it('admits a sign-in exactly 300 s old on the injected clock', async () => {
    expect((await get('/recent', { auth_time: NOW_S - 300 })).status).toBe(200);
  });

  it('refuses a sign-in 301 s old, and a token without auth_time, with max_age', async () => {
    expect(await get('/recent', { auth_time: NOW_S - 301 })).toEqual(stepUpAnswer(RECENT, 'max_age="300"'));
    expect(await get('/recent', { acr: MFA })).toEqual(stepUpAnswer(RECENT, 'max_age="300"'));
  });

  it('states both requirements whichever one failed', async () => {
    const both = `acr_values="${MFA}", max_age="300"`;
    expect(await get('/both', { acr: PWD, auth_time: NOW_S })).toEqual(stepUpAnswer(LEVEL, both));
    expect(await get('/both', { acr: MFA, auth_time: NOW_S - 301 })).toEqual(stepUpAnswer(RECENT, both));
    expect((await get('/both', { acr: MFA, auth_time: NOW_S - 300 })).status).toBe(200);
  });
});

describe('the order of the checks', () => {
  it('refuses an invalid token as invalid_token before judging its sign-in', async () => {
    const answer = await get('/sensitive', { acr: PWD, aud: 'https://other.test' });
    expect(answer).toEqual(invalidTokenAnswer('The access token is not intended for this resource server.'));
  });

  it('asks for step-up (401) before reporting a missing scope (403)', async () => {
    expect(await get('/sensitive', { acr: PWD, scope: 'write' })).toEqual(stepUpAnswer(LEVEL, ACR_VALUES));
  });

  it('reports a missing scope once the sign-in meets the requirement', async () => {
    expect((await get('/sensitive', { acr: MFA, scope: 'write' })).status).toBe(403);
  });
});

describe('malformed sign-in claims (RFC 9068 §2.2.1)', () => {
  it.each([
    ['acr a number', { acr: 2 }],
    ['acr empty', { acr: '' }],
    ['amr a string', { amr: 'pwd' }],
    ['amr with a number', { amr: ['pwd', 1] }],
    ['amr with an empty string', { amr: [''] }],
    ['auth_time a string', { auth_time: String(NOW_S) }],
    ['auth_time negative', { auth_time: -1 }],
  ])('refuses a token with %s as invalid_token, on any route', async (_name, extra) => {
    expect(await get('/recent', { acr: MFA, auth_time: NOW_S, ...extra })).toEqual(invalidTokenAnswer('The access token has an invalid claim.'));
  });

  it('leaves acr, amr and authTime off a token that has none', async () => {
    expect((await get('/recent', { auth_time: NOW_S })).body).toEqual({ sub: 'user-1', authTime: NOW_S });
  });
});

describe('declaring a route', () => {
  it.each([
    [{ acr: [] }, 'requireToken: acr must list at least one value; omit it to accept any sign-in'],
    [{ acr: ['a b'] }, 'requireToken: "a b" is not a valid acr value'],
    [{ maxAge: -5 }, 'requireToken: maxAge must be a non-negative integer number of seconds'],
  ])('refuses %j at declaration, not on a request', (options, message) => {
    expect(() => rs().requireToken(options)).toThrow(new TypeError(message));
  });
});
