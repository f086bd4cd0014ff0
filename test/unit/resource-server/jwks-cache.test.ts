import { errors } from 'jose';
import { ResourceServerError } from '../../../src/resource-server/index.js';
import { JwksCache } from '../../../src/resource-server/jwks-cache.js';
import { close, makeKey, startJwksServer, type JwksServer, type TestKey } from './helpers.js';

let a: TestKey;
let b: TestKey;
let jwks: JwksServer;
let nowMs: number;
let cache: JwksCache;

const header = (kid: string) => ({ alg: 'ES256', kid });
const lookup = (kid: string) => cache.getKey(header(kid), { payload: '', signature: '' });
const at = (seconds: number) => {
  nowMs = seconds * 1000;
};

beforeAll(async () => {
  [a, b] = await Promise.all([makeKey('a'), makeKey('b')]);
  jwks = await startJwksServer([]);
});
afterAll(() => close(jwks.server));
beforeEach(() => {
  Object.assign(jwks, { keys: [a.jwk], cacheControl: undefined, status: 200, rawBody: undefined, requests: 0 });
  at(1_000);
  cache = new JwksCache({ uri: jwks.url, now: () => nowMs });
});

describe('JwksCache', () => {
  it('fetches lazily, once, for concurrent callers', async () => {
    expect(jwks.requests).toBe(0);
    const keys = await Promise.all(Array.from({ length: 10 }, () => lookup('a')));
    expect(keys[0]).toBeDefined();
    expect(jwks.requests).toBe(1);
  });

  it.each([
    ['max-age=120', 120],
    ['public, max-age=600, must-revalidate', 600],
    [undefined, 300],
    ['no-store', 300],
    ['max-age=0', 30],
    ['max-age=10', 30],
    ['max-age=999999999', 86_400],
  ])('keeps the set for Cache-Control %j: %i s', async (cacheControl, lifetimeS) => {
    jwks.cacheControl = cacheControl;
    await lookup('a');
    at(1_000 + lifetimeS - 1);
    await lookup('a');
    expect(jwks.requests).toBe(1);
    at(1_000 + lifetimeS);
    await lookup('a');
    expect(jwks.requests).toBe(2);
  });

  it('refetches once for an unknown kid after the cooldown, then finds a rotated key', async () => {
    await lookup('a');
    jwks.keys = [a.jwk, b.jwk];
    at(1_030);
    const keys = await Promise.all([lookup('b'), lookup('b'), lookup('b')]);
    expect(keys[0]).toBeDefined();
    expect(jwks.requests).toBe(2);
  });

  it('does not refetch for an unknown kid within the 30 s cooldown', async () => {
    await lookup('a');
    jwks.keys = [a.jwk, b.jwk];
    at(1_029);
    await expect(lookup('b')).rejects.toBeInstanceOf(errors.JWKSNoMatchingKey);
    await expect(lookup('b')).rejects.toBeInstanceOf(errors.JWKSNoMatchingKey);
    expect(jwks.requests).toBe(1);
  });

  it('refuses a kid still unknown after the refetch without fetching again', async () => {
    await lookup('a');
    at(1_100);
    await expect(lookup('nope')).rejects.toBeInstanceOf(errors.JWKSNoMatchingKey);
    await expect(lookup('nope')).rejects.toBeInstanceOf(errors.JWKSNoMatchingKey);
    expect(jwks.requests).toBe(2);
  });

  it('does not refetch when the set was just fetched for this very lookup', async () => {
    await expect(lookup('nope')).rejects.toBeInstanceOf(errors.JWKSNoMatchingKey);
    expect(jwks.requests).toBe(1);
  });

  it.each([
    ['an HTTP 500', () => Object.assign(jwks, { status: 500 })],
    ['a body that is not JSON', () => Object.assign(jwks, { rawBody: '<html>' })],
    ['a body that is not a key set', () => Object.assign(jwks, { rawBody: '{"keys":"x"}' })],
  ])('turns %s into temporarily_unavailable and backs off for 5 s', async (_name, breakIt) => {
    breakIt();
    await expect(lookup('a')).rejects.toMatchObject({ code: 'temporarily_unavailable', status: 503 });
    at(1_004);
    await expect(lookup('a')).rejects.toBeInstanceOf(ResourceServerError);
    expect(jwks.requests).toBe(1);
    Object.assign(jwks, { status: 200, rawBody: undefined });
    at(1_005);
    await expect(lookup('a')).resolves.toBeDefined();
    expect(jwks.requests).toBe(2);
  });

  it('turns an unreachable endpoint into temporarily_unavailable', async () => {
    const gone = await startJwksServer([]);
    await close(gone.server);
    cache = new JwksCache({ uri: gone.url, now: () => nowMs });
    await expect(lookup('a')).rejects.toMatchObject({ code: 'temporarily_unavailable' });
  });

  it('does not use expired keys when the refresh fails', async () => {
    await lookup('a');
    jwks.status = 500;
    at(1_300);
    await expect(lookup('a')).rejects.toMatchObject({ code: 'temporarily_unavailable' });
  });
});
