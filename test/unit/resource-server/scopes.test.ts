import type { Server } from 'node:http';
import { createResourceServer } from '../../../src/resource-server/index.js';
import {
  AUDIENCE, ISSUER, bearer, call, claims, close, makeKey, sign, startApi, type TestKey,
} from './helpers.js';

let key: TestKey;
let api: { url: string; server: Server };
const rs = () => createResourceServer({ issuer: ISSUER, audience: AUDIENCE, keys: { getKey: async () => key.publicKey } });

beforeAll(async () => {
  key = await makeKey('k1');
  api = await startApi(rs());
});
afterAll(() => close(api.server));

const notes = async (scope: string | undefined) => call(`${api.url}/notes`, bearer(await sign(key, claims({ scope }))));
const DESCRIPTION = 'The access token does not grant the scope this resource requires.';

describe('scope enforcement', () => {
  it('admits a token with every required scope, and more', async () => {
    expect((await notes('write admin read')).status).toBe(200);
  });

  it.each([['read'], ['write'], ['readwrite'], ['READ WRITE'], [undefined]])(
    'answers scope %j with 403 insufficient_scope naming all required scopes (RFC 6750 §3.1)',
    async (scope) => {
      expect(await notes(scope)).toEqual({
        status: 403,
        wwwAuthenticate: `Bearer realm="latchkey", error="insufficient_scope", error_description="${DESCRIPTION}", scope="read write"`,
        retryAfter: null,
        body: { error: 'insufficient_scope', error_description: DESCRIPTION },
      });
    },
  );

  it('checks the token before the scope', async () => {
    const token = await sign(key, claims({ scope: 'read', aud: 'https://other.test' }));
    expect((await call(`${api.url}/notes`, bearer(token))).status).toBe(401);
  });

  it.each([[['read write']], [['a"b']], [['a\\b']], [['']], [[42]]])(
    'refuses to declare the invalid scope list %j (RFC 6749 §3.3)',
    (scopes) => {
      expect(() => rs().requireToken({ scopes: scopes as string[] })).toThrow(TypeError);
    },
  );
});
