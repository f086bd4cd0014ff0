import type { Server } from 'node:http';
import { createResourceServer } from '../../../src/resource-server/index.js';
import {
  AUDIENCE, ISSUER, UNAVAILABLE, bearer, call, close, freezeDate, invalidTokenAnswer, makeKey, sign,
  startApi, startJwksServer, type JwksServer, type TestKey,
} from './helpers.js';

const T0 = 1_800_000_000_000;
let oldKey: TestKey;
let newKey: TestKey;
let unpublished: TestKey;
let jwks: JwksServer;
let api: { url: string; server: Server };

beforeAll(async () => {
  [oldKey, newKey, unpublished] = await Promise.all([makeKey('2025-01'), makeKey('2025-02'), makeKey('rogue')]);
  jwks = await startJwksServer([oldKey.jwk]);
  api = await startApi(createResourceServer({ issuer: ISSUER, audience: AUDIENCE, keys: { jwksUri: jwks.url } }));
  freezeDate(T0);
});
afterAll(async () => {
  jest.useRealTimers();
  await close(api.server);
  await close(jwks.server);
});

const me = async (key: TestKey) => call(`${api.url}/me`, bearer(await sign(key)));

describe('key rotation through the middleware (jwksUri)', () => {
  it('fetches the JWKS on first use', async () => {
    expect((await me(oldKey)).status).toBe(200);
    expect(jwks.requests).toBe(1);
  });

  it('refuses a new kid inside the 30 s cooldown without refetching', async () => {
    jwks.keys = [oldKey.jwk, newKey.jwk];
    jest.setSystemTime(T0 + 10_000);
    expect(await me(newKey)).toEqual(invalidTokenAnswer('The access token is signed with an unknown key.'));
    expect(jwks.requests).toBe(1);
  });

  it('refetches once for the new kid after the cooldown and accepts it', async () => {
    jest.setSystemTime(T0 + 31_000);
    expect((await me(newKey)).status).toBe(200);
    expect((await me(oldKey)).status).toBe(200);
    expect(jwks.requests).toBe(2);
  });

  it('refuses a kid that is still unknown after a refetch', async () => {
    jest.setSystemTime(T0 + 62_000);
    expect(await me(unpublished)).toEqual(invalidTokenAnswer('The access token is signed with an unknown key.'));
    expect(await me(unpublished)).toEqual(invalidTokenAnswer('The access token is signed with an unknown key.'));
    expect(jwks.requests).toBe(3);
  });

  it('honours max-age: the set is refreshed only when it expires', async () => {
    jwks.cacheControl = 'max-age=600';
    jest.setSystemTime(T0 + 62_000 + 300_000);
    expect((await me(newKey)).status).toBe(200);
    expect(jwks.requests).toBe(4);
    jwks.keys = [newKey.jwk];
    jest.setSystemTime(T0 + 62_000 + 300_000 + 599_000);
    expect((await me(oldKey)).status).toBe(200);
    expect(jwks.requests).toBe(4);
    jest.setSystemTime(T0 + 62_000 + 300_000 + 600_000);
    expect(await me(oldKey)).toEqual(invalidTokenAnswer('The access token is signed with an unknown key.'));
    expect(jwks.requests).toBe(5);
  });

  it('answers 503 temporarily_unavailable with Retry-After when the JWKS cannot be fetched', async () => {
    jwks.status = 500;
    jest.setSystemTime(T0 + 2_000_000);
    expect(await me(newKey)).toEqual(UNAVAILABLE);
  });
});
