import { createResourceServer, type ResourceServer } from '../../../src/resource-server/index.js';
import { AUDIENCE, ISSUER, claims, freezeDate, makeKey, sign, type TestKey } from './helpers.js';

const NOW_S = 1_800_000_000;
let key: TestKey;

function server(clockToleranceS?: number): ResourceServer {
  return createResourceServer({
    issuer: ISSUER,
    audience: AUDIENCE,
    keys: { getKey: async () => key.publicKey },
    ...(clockToleranceS === undefined ? {} : { clockToleranceS }),
  });
}

beforeAll(async () => {
  key = await makeKey('k1');
});
beforeEach(() => freezeDate(NOW_S * 1000));
afterEach(() => jest.useRealTimers());

describe('clock tolerance', () => {
  const expiredBy = (s: number) => claims({ iat: NOW_S - 600, exp: NOW_S - s });

  it('accepts a token expired 4 s ago with the default 5 s tolerance', async () => {
    await expect(server().verify(await sign(key, expiredBy(4)))).resolves.toMatchObject({ sub: 'user-1' });
  });

  it('refuses a token expired 6 s ago with the default tolerance', async () => {
    await expect(server().verify(await sign(key, expiredBy(6)))).rejects.toMatchObject({
      code: 'invalid_token',
      description: 'The access token has expired.',
    });
  });

  it('refuses a token expired 1 s ago with clockToleranceS 0', async () => {
    await expect(server(0).verify(await sign(key, expiredBy(1)))).rejects.toMatchObject({
      description: 'The access token has expired.',
    });
  });

  it('accepts a token expired 50 s ago with clockToleranceS 60', async () => {
    await expect(server(60).verify(await sign(key, expiredBy(50)))).resolves.toMatchObject({ jti: 'jti-1' });
  });

  it('refuses a token that expires exactly now with no tolerance', async () => {
    await expect(server(0).verify(await sign(key, expiredBy(0)))).rejects.toMatchObject({
      description: 'The access token has expired.',
    });
  });

  it('judges expiry on the injected clock, not the wall clock', async () => {
    const token = await sign(key, expiredBy(-60));
    const clocked = (nowMs: number) =>
      createResourceServer({ issuer: ISSUER, audience: AUDIENCE, keys: { getKey: async () => key.publicKey }, clockToleranceS: 0, now: () => nowMs });
    await expect(clocked(NOW_S * 1000).verify(token)).resolves.toMatchObject({ sub: 'user-1' });
    await expect(clocked((NOW_S + 60) * 1000).verify(token)).rejects.toMatchObject({ description: 'The access token has expired.' });
  });
});
