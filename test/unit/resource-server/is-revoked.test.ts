import type { Server } from 'node:http';
import {
  createResourceServer, type VerifiedAccessToken,
} from '../../../src/resource-server/index.js';
import {
  AUDIENCE, ISSUER, bearer, call, claims, close, invalidTokenAnswer, makeKey, sign, startApi, type TestKey,
} from './helpers.js';

let key: TestKey;
let api: { url: string; server: Server };
const revokedJtis = new Set<string>();
const seen: VerifiedAccessToken[] = [];
let outage: Error | undefined;

beforeAll(async () => {
  key = await makeKey('k1');
  api = await startApi(
    createResourceServer({
      issuer: ISSUER,
      audience: AUDIENCE,
      keys: { getKey: async () => key.publicKey },
      revocation: {
        isRevoked: async (token) => {
          seen.push(token);
          if (outage) throw outage;
          return revokedJtis.has(token.jti);
        },
      },
    }),
  );
});
afterAll(() => close(api.server));
beforeEach(() => {
  seen.length = 0;
  outage = undefined;
});

const me = async (jti: string) => call(`${api.url}/me`, bearer(await sign(key, claims({ jti }))));

describe('revocation by isRevoked', () => {
  it('admits a token that is not revoked and passes the verified token to isRevoked', async () => {
    expect((await me('fine')).status).toBe(200);
    expect(seen).toEqual([expect.objectContaining({ jti: 'fine', sub: 'user-1', clientId: 'client-1', grantId: 'grant-1' })]);
  });

  it('refuses a revoked token with invalid_token', async () => {
    revokedJtis.add('gone');
    expect(await me('gone')).toEqual(invalidTokenAnswer('The access token is no longer active.'));
  });

  it('passes an isRevoked failure to next(err) for the host app to map', async () => {
    outage = new Error('database unavailable');
    expect(await me('any')).toEqual({
      status: 500,
      wwwAuthenticate: null,
      retryAfter: null,
      body: { hostError: 'database unavailable' },
    });
  });

  it('is not consulted for a token that fails local verification', async () => {
    const token = await sign(key, claims({ iss: 'https://evil.test' }));
    expect((await call(`${api.url}/me`, bearer(token))).status).toBe(401);
    expect(seen).toHaveLength(0);
  });
});
