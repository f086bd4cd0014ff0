/**
 * RFC 9470 step-up in the introspection mode: the answer's `acr`, `amr` and `auth_time` (RFC 9470 §6.2)
 * replace the token's own when present.
 */
import type { Server } from 'node:http';
import { createResourceServer } from '../../../src/resource-server/index.js';
import {
  AUDIENCE, ISSUER, UNAVAILABLE, bearer, call, claims, close, invalidTokenAnswer, makeKey, sign,
  startIntrospectionServer, type IntrospectionServer, type TestKey,
} from './helpers.js';
import { LEVEL, MFA, NOW_MS, NOW_S, PWD, RECENT, startStepUpApi, stepUpAnswer } from './step-up-helpers.js';

let key: TestKey;
let introspection: IntrospectionServer;
let api: { url: string; server: Server };

beforeAll(async () => {
  key = await makeKey('k1');
  introspection = await startIntrospectionServer();
  api = await startStepUpApi(
    createResourceServer({
      issuer: ISSUER,
      audience: AUDIENCE,
      keys: { getKey: async () => key.publicKey },
      revocation: { introspection: { endpoint: introspection.url, clientId: 'rs', clientSecret: 'secret' } },
      now: () => NOW_MS,
    }),
  );
});
afterAll(async () => {
  await close(api.server);
  await close(introspection.server);
});
beforeEach(() => Object.assign(introspection, { status: 200, rawBody: undefined, calls: [] }));

/** Calls `path` with a token carrying `tokenClaims` while the introspection endpoint answers `answer`. */
async function get(path: string, tokenClaims: Record<string, unknown>, answer: Record<string, unknown> | undefined) {
  introspection.rawBody = answer === undefined ? undefined : JSON.stringify(answer);
  const token = await sign(key, claims({ iat: NOW_S, exp: NOW_S + 300, ...tokenClaims }));
  return call(`${api.url}${path}`, bearer(token));
}

const ACR_VALUES = `acr_values="${MFA} phr"`;

describe('step-up with introspection (RFC 9470 §6.2)', () => {
  it('admits a token whose introspection answer carries an accepted acr, and hands over the answer facts', async () => {
    const answer = await get('/both', {}, { active: true, acr: MFA, amr: ['hwk', 'user'], auth_time: NOW_S - 10 });
    expect(answer.status).toBe(200);
    expect(answer.body).toEqual({ sub: 'user-1', acr: MFA, amr: ['hwk', 'user'], authTime: NOW_S - 10 });
    expect(introspection.calls).toHaveLength(1);
  });

  it('believes the answer over the token: a token claiming mfa that the server says is pwd is refused', async () => {
    const answer = await get('/sensitive', { acr: MFA }, { active: true, acr: PWD });
    expect(answer).toEqual(stepUpAnswer(LEVEL, ACR_VALUES));
  });

  it('refuses on the answer auth_time, with max_age', async () => {
    const answer = await get('/recent', { auth_time: NOW_S }, { active: true, auth_time: NOW_S - 301 });
    expect(answer).toEqual(stepUpAnswer(RECENT, 'max_age="300"'));
  });

  it('keeps the token own acr and auth_time when the answer has none', async () => {
    const answer = await get('/both', { acr: MFA, auth_time: NOW_S - 5 }, { active: true, scope: 'read' });
    expect(answer.body).toEqual({ sub: 'user-1', acr: MFA, authTime: NOW_S - 5 });
  });

  it('refuses a token with neither in the token nor in the answer', async () => {
    expect(await get('/sensitive', {}, { active: true })).toEqual(stepUpAnswer(LEVEL, ACR_VALUES));
  });

  it('refuses an inactive token as invalid_token, whatever the answer says of its sign-in', async () => {
    const answer = await get('/sensitive', { acr: MFA }, { active: false, acr: MFA });
    expect(answer).toEqual(invalidTokenAnswer('The access token is no longer active.'));
  });

  it.each([
    ['acr a number', { acr: 3 }],
    ['amr a string', { amr: 'otp' }],
    ['auth_time a string', { auth_time: '1800000000' }],
  ])('answers 503 for an answer with %s (a server fault, not the token)', async (_name, malformed) => {
    expect(await get('/sensitive', { acr: MFA }, { active: true, ...malformed })).toEqual(UNAVAILABLE);
  });
});
