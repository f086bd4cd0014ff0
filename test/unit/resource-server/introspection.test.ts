import type { Server } from 'node:http';
import { createResourceServer, type ResourceServerOptions } from '../../../src/resource-server/index.js';
import {
  AUDIENCE, ISSUER, UNAVAILABLE, bearer, call, claims, close, invalidTokenAnswer, makeKey, sign, startApi,
  startIntrospectionServer, type IntrospectionServer, type TestKey,
} from './helpers.js';

const CLIENT_ID = 'rs client:1';
const CLIENT_SECRET = 'p@ss w+rd/%é';
let key: TestKey;
let introspection: IntrospectionServer;
let api: { url: string; server: Server };

function options(endpoint: string): ResourceServerOptions {
  return {
    issuer: ISSUER,
    audience: AUDIENCE,
    keys: { getKey: async () => key.publicKey },
    revocation: { introspection: { endpoint, clientId: CLIENT_ID, clientSecret: CLIENT_SECRET } },
  };
}

beforeAll(async () => {
  key = await makeKey('k1');
  introspection = await startIntrospectionServer();
  api = await startApi(createResourceServer(options(introspection.url)));
});
afterAll(async () => {
  await close(api.server);
  await close(introspection.server);
});
beforeEach(() => {
  Object.assign(introspection, { status: 200, rawBody: undefined, calls: [] });
  introspection.revoked.clear();
});

const me = (token: string) => call(`${api.url}/me`, bearer(token));

describe('revocation by introspection (RFC 7662)', () => {
  it('asks the endpoint with a form POST and form-encoded HTTP Basic credentials (RFC 6749 §2.3.1)', async () => {
    const token = await sign(key);
    expect((await me(token)).status).toBe(200);
    const basic = Buffer.from('rs+client%3A1:p%40ss+w%2Brd%2F%25%C3%A9').toString('base64');
    expect(introspection.calls).toEqual([
      {
        method: 'POST',
        authorization: `Basic ${basic}`,
        contentType: 'application/x-www-form-urlencoded',
        body: `token=${token}&token_type_hint=access_token`,
      },
    ]);
  });

  it('refuses a token at once when it becomes inactive, with no caching', async () => {
    const token = await sign(key, claims({ jti: 'revoke-me' }));
    expect((await me(token)).status).toBe(200);
    introspection.revoked.add(token);
    expect(await me(token)).toEqual(invalidTokenAnswer('The access token is no longer active.'));
    expect(introspection.calls).toHaveLength(2);
  });

  it('does not call the endpoint for a token that fails local verification', async () => {
    expect((await me(await sign(key, claims({ aud: 'https://other.test' })))).status).toBe(401);
    expect(introspection.calls).toHaveLength(0);
  });

  it.each([
    ['an HTTP 500', { status: 500 }],
    ['a body without active', { rawBody: '{"scope":"read"}' }],
    ['active as a string', { rawBody: '{"active":"true"}' }],
    ['a body that is not JSON', { rawBody: 'ok' }],
  ])('answers 503 for %s', async (_name, failure) => {
    Object.assign(introspection, failure);
    expect(await me(await sign(key))).toEqual(UNAVAILABLE);
  });

  it('answers 503 when the endpoint is unreachable', async () => {
    const gone = await startIntrospectionServer();
    await close(gone.server);
    const other = await startApi(createResourceServer(options(gone.url)));
    try {
      expect(await call(`${other.url}/me`, bearer(await sign(key)))).toEqual(UNAVAILABLE);
    } finally {
      await close(other.server);
    }
  });

  it('refuses a plain-http endpoint that is not loopback', () => {
    expect(() => createResourceServer(options('http://auth.example.test/introspect'))).toThrow(TypeError);
  });
});
