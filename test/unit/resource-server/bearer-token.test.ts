import type { Server } from 'node:http';
import { createResourceServer } from '../../../src/resource-server/index.js';
import {
  AUDIENCE, ISSUER, call, close, makeKey, sign, startApi, startJwksServer,
  type Answer, type JwksServer, type TestKey,
} from './helpers.js';

let key: TestKey;
let jwks: JwksServer;
let api: { url: string; server: Server };

beforeAll(async () => {
  key = await makeKey('k1');
  jwks = await startJwksServer([key.jwk]);
  api = await startApi(createResourceServer({ issuer: ISSUER, audience: AUDIENCE, keys: { jwksUri: jwks.url } }));
});
afterAll(async () => {
  await close(api.server);
  await close(jwks.server);
});

// RFC 6750 §3.1: no authentication information, so no error code in the challenge or body.
const TOKEN_REQUIRED: Answer = {
  status: 401,
  wwwAuthenticate: 'Bearer realm="latchkey"',
  retryAfter: null,
  body: { error_description: 'An access token is required.' },
};

const MALFORMED_DESCRIPTION = 'The Authorization header must be Bearer followed by a single access token.';
const MALFORMED: Answer = {
  status: 400,
  wwwAuthenticate: `Bearer realm="latchkey", error="invalid_request", error_description="${MALFORMED_DESCRIPTION}"`,
  retryAfter: null,
  body: { error: 'invalid_request', error_description: MALFORMED_DESCRIPTION },
};

describe('reading the bearer token (RFC 6750 §2.1)', () => {
  it('answers a request without a token with a bare challenge', async () => {
    expect(await call(`${api.url}/me`)).toEqual(TOKEN_REQUIRED);
  });

  it('ignores a valid token in the query string', async () => {
    const token = await sign(key);
    expect(await call(`${api.url}/me?access_token=${token}`)).toEqual(TOKEN_REQUIRED);
  });

  it('ignores a valid token in a form body', async () => {
    const token = await sign(key);
    const answer = await call(`${api.url}/me`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ access_token: token }).toString(),
    });
    expect(answer).toEqual(TOKEN_REQUIRED);
  });

  it('treats credentials of another scheme as no token', async () => {
    expect(await call(`${api.url}/me`, { headers: { authorization: 'Basic Y2xpZW50OnNlY3JldA==' } })).toEqual(
      TOKEN_REQUIRED,
    );
  });

  it.each(['Bearer', 'bearer', 'BEARER', 'BeArEr'])('accepts the scheme spelled %s', async (scheme) => {
    const token = await sign(key);
    const answer = await call(`${api.url}/me`, { headers: { authorization: `${scheme} ${token}` } });
    expect(answer.status).toBe(200);
    expect(answer.body).toEqual({ sub: 'user-1', clientId: 'client-1', scopes: ['read', 'write'], jti: 'jti-1', grantId: 'grant-1' });
  });

  it('accepts several spaces after the scheme (1*SP)', async () => {
    const token = await sign(key);
    expect((await call(`${api.url}/me`, { headers: { authorization: `Bearer   ${token}` } })).status).toBe(200);
  });

  it.each([
    ['the scheme alone', 'Bearer'],
    ['two tokens', 'Bearer abc.def.ghi jkl.mno.pqr'],
    ['a comma', 'Bearer abc,def'],
    ['a quoted token', 'Bearer "abc.def.ghi"'],
    ['a dollar sign', 'Bearer abc$def'],
    ['padding in the middle', 'Bearer abc=def'],
    ['a tab separator', 'Bearer\tabc.def.ghi'],
  ])('refuses %s with invalid_request', async (_name, authorization) => {
    expect(await call(`${api.url}/me`, { headers: { authorization } })).toEqual(MALFORMED);
  });
});
