/** RFC 8693 §4.1 `act` in `latchkey/resource-server`: the typed actor chain and the delegation options of `requireToken()`. */
import { createServer, type Server } from 'node:http';
import express from 'express';
import { accessTokenOf, createResourceServer } from '../../../src/resource-server/index.js';
import { readActor } from '../../../src/resource-server/actor.js';
import { AUDIENCE, ISSUER, bearer, call, claims, close, invalidTokenAnswer, listen, makeKey, sign, type TestKey } from './helpers.js';

let key: TestKey;
let api: { url: string; server: Server };

beforeAll(async () => {
  key = await makeKey('k1');
  const rs = createResourceServer({ issuer: ISSUER, audience: AUDIENCE, keys: { getKey: async () => key.publicKey } });
  const app = express();
  const echo: express.RequestHandler = (_req, res) => void res.json({ act: accessTokenOf(res).act ?? null });
  app.get('/any', rs.requireToken(), echo);
  app.get('/direct', rs.requireToken({ delegation: 'refuse' }), echo);
  app.get('/via-front', rs.requireToken({ actors: ['front-api'] }), echo);
  const server = createServer(app);
  api = { url: await listen(server), server };
});
afterAll(() => close(api.server));

const chain = { sub: 'front-api', client_id: 'front-api', act: { sub: 'gateway' } };
const get = async (path: string, extra: Record<string, unknown> = {}) => call(`${api.url}${path}`, bearer(await sign(key, claims(extra))));

describe('delegated tokens (RFC 8693 §4.1)', () => {
  it('hands the actor chain to the handler, typed, outermost first', async () => {
    expect((await get('/any', { act: chain })).body).toEqual({ act: { sub: 'front-api', clientId: 'front-api', act: { sub: 'gateway' } } });
    expect((await get('/any')).body).toEqual({ act: null });
  });

  it('refuses a delegated token where the route says so, and a direct one where it needs an actor', async () => {
    expect(await get('/direct', { act: chain })).toEqual(invalidTokenAnswer('Delegated tokens are not accepted here.'));
    expect((await get('/direct')).status).toBe(200);
    expect((await get('/via-front', { act: chain })).status).toBe(200);
    expect(await get('/via-front')).toEqual(invalidTokenAnswer('The token is not delegated to an accepted actor.'));
    // Only the outermost actor counts (RFC 8693 §4.1).
    expect(await get('/via-front', { act: { sub: 'gateway', act: { sub: 'front-api' } } })).toEqual(invalidTokenAnswer('The token is not delegated to an accepted actor.'));
  });

  it.each([
    ['a string', 'front-api'],
    ['no sub', { client_id: 'x' }],
    ['an empty sub', { sub: '' }],
    ['a non-string client_id', { sub: 'a', client_id: 7 }],
    ['a malformed nested actor', { sub: 'a', act: { sub: 3 } }],
  ])('refuses a token whose act is %s', async (_label, act) => {
    expect(await get('/any', { act })).toEqual(invalidTokenAnswer('The access token has an invalid claim.'));
  });

  it('refuses an endless chain', () => {
    let act: Record<string, unknown> = { sub: 'last' };
    for (let i = 0; i < 20; i++) act = { sub: `a${i}`, act };
    expect(readActor(act)).toBeNull();
    expect(readActor({ sub: 'one' })).toEqual({ sub: 'one' });
  });

  it('checks the options when the route is declared', () => {
    const rs = createResourceServer({ issuer: ISSUER, audience: AUDIENCE, keys: { getKey: async () => key.publicKey } });
    expect(() => rs.requireToken({ delegation: 'maybe' as 'allow' })).toThrow("requireToken: delegation must be 'allow' or 'refuse'");
    expect(() => rs.requireToken({ actors: [] })).toThrow('requireToken: actors must be a non-empty array of non-empty strings');
    expect(() => rs.requireToken({ actors: [''] })).toThrow('requireToken: actors must be a non-empty array of non-empty strings');
    expect(() => rs.requireToken({ delegation: 'refuse', actors: ['a'] })).toThrow("requireToken: delegation 'refuse' and actors exclude each other");
  });
});
