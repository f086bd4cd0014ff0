import { createHmac } from 'node:crypto';
import type { Server } from 'node:http';
import { CompactSign, exportSPKI } from 'jose';
import { ResourceServerError, createResourceServer } from '../../../src/resource-server/index.js';
import {
  AUDIENCE, ISSUER, b64url, bearer, call, claims, close, invalidTokenAnswer, makeKey, sign, startApi,
  startJwksServer, type JwksServer, type TestKey,
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

const me = (token: string) => call(`${api.url}/me`, bearer(token));

describe('accepting a valid access token', () => {
  it('puts the verified token on res.locals.accessToken', async () => {
    expect(await me(await sign(key))).toEqual({
      status: 200,
      wwwAuthenticate: null,
      retryAfter: null,
      body: { sub: 'user-1', clientId: 'client-1', scopes: ['read', 'write'], jti: 'jti-1', grantId: 'grant-1' },
    });
  });

  it('accepts typ application/at+jwt (RFC 9068 §4)', async () => {
    expect((await me(await sign(key, claims(), { typ: 'application/at+jwt' }))).status).toBe(200);
  });

  it('accepts an aud array that contains the audience', async () => {
    expect((await me(await sign(key, claims({ aud: ['https://other.test', AUDIENCE] })))).status).toBe(200);
  });

  it('accepts a token without scope, with no scopes', async () => {
    const answer = await me(await sign(key, claims({ scope: undefined, grant_id: undefined })));
    expect(answer.body).toEqual({ sub: 'user-1', clientId: 'client-1', scopes: [], jti: 'jti-1' });
  });
});

describe('refusing a bad access token with 401 invalid_token (RFC 6750 §3.1)', () => {
  it.each(['not-a-jwt', 'abc.def.ghi', 'a.b.c.d', '...'])(
    'refuses the malformed token %s',
    async (token) => {
      expect(await me(token)).toEqual(invalidTokenAnswer('The access token is malformed.'));
    },
  );

  it('refuses a signed token whose payload is not a JSON object', async () => {
    const token = await new CompactSign(new TextEncoder().encode('["read"]'))
      .setProtectedHeader({ alg: 'ES256', typ: 'at+jwt', kid: 'k1' })
      .sign(key.privateKey);
    expect(await me(token)).toEqual(invalidTokenAnswer('The access token is malformed.'));
  });

  it('refuses a token signed by another key under a known kid', async () => {
    const impostor = await makeKey('k1');
    expect(await me(await sign(impostor))).toEqual(invalidTokenAnswer('The access token signature is invalid.'));
  });

  it('refuses a token whose payload was tampered with', async () => {
    const [header, , signature] = (await sign(key)).split('.');
    const payload = b64url(JSON.stringify(claims({ scope: 'read write admin' })));
    expect(await me(`${header}.${payload}.${signature}`)).toEqual(
      invalidTokenAnswer('The access token signature is invalid.'),
    );
  });

  it('refuses alg none (RFC 8725 §3.1)', async () => {
    const token = `${b64url(JSON.stringify({ alg: 'none', typ: 'at+jwt', kid: 'k1' }))}.${b64url(JSON.stringify(claims()))}.`;
    expect(await me(token)).toEqual(
      invalidTokenAnswer('The access token is signed with an algorithm that is not accepted.'),
    );
  });

  it.each([
    ['PEM', async () => exportSPKI(key.publicKey)],
    ['JWK JSON', async () => JSON.stringify(key.jwk)],
  ])('refuses HS256 keyed with the public key as %s (RFC 8725 §2.1)', async (_form, secret) => {
    const signingInput = `${b64url(JSON.stringify({ alg: 'HS256', typ: 'at+jwt', kid: 'k1' }))}.${b64url(JSON.stringify(claims()))}`;
    const mac = createHmac('sha256', await secret()).update(signingInput).digest('base64url');
    expect(await me(`${signingInput}.${mac}`)).toEqual(
      invalidTokenAnswer('The access token is signed with an algorithm that is not accepted.'),
    );
  });

  it.each([['JWT'], ['jwt'], [undefined]])('refuses typ %s (RFC 9068 §4)', async (typ) => {
    expect(await me(await sign(key, claims(), { typ }))).toEqual(
      invalidTokenAnswer('The token is not a JWT access token.'),
    );
  });

  it('refuses another issuer', async () => {
    expect(await me(await sign(key, claims({ iss: 'https://evil.test' })))).toEqual(
      invalidTokenAnswer('The access token was issued by an unexpected issuer.'),
    );
  });

  it('refuses an issuer that differs only by a trailing slash', async () => {
    expect((await me(await sign(key, claims({ iss: `${ISSUER}/` })))).status).toBe(401);
  });

  it.each([['https://other.test'], [['https://other.test', 'https://third.test']]])(
    'refuses audience %j',
    async (aud) => {
      expect(await me(await sign(key, claims({ aud })))).toEqual(
        invalidTokenAnswer('The access token is not intended for this resource server.'),
      );
    },
  );

  it('refuses an expired token', async () => {
    const now = Math.floor(Date.now() / 1000);
    expect(await me(await sign(key, claims({ iat: now - 600, exp: now - 60 })))).toEqual(
      invalidTokenAnswer('The access token has expired.'),
    );
  });

  it('refuses a token that is not valid yet', async () => {
    const now = Math.floor(Date.now() / 1000);
    expect(await me(await sign(key, claims({ nbf: now + 60 })))).toEqual(
      invalidTokenAnswer('The access token is not valid yet.'),
    );
  });

  it.each(['iss', 'exp', 'aud', 'sub', 'client_id', 'iat', 'jti'])(
    'refuses a token without %s (RFC 9068 §2.2)',
    async (claim) => {
      expect(await me(await sign(key, claims({ [claim]: undefined })))).toEqual(
        invalidTokenAnswer('The access token is missing a required claim.'),
      );
    },
  );

  it.each([
    { sub: 42 }, { sub: '' }, { client_id: ['client-1'] }, { jti: '' }, { scope: ['read'] }, { grant_id: 7 },
    { exp: 'later' },
  ])('refuses the malformed claim %j', async (override) => {
    expect(await me(await sign(key, claims(override)))).toEqual(
      invalidTokenAnswer('The access token has an invalid claim.'),
    );
  });
});

describe('verify()', () => {
  it('returns the verified token', async () => {
    const rs = createResourceServer({ issuer: ISSUER, audience: AUDIENCE, keys: { jwksUri: jwks.url } });
    const token = await sign(key);
    expect(await rs.verify(token)).toEqual({
      token, sub: 'user-1', clientId: 'client-1', scopes: ['read', 'write'], jti: 'jti-1', grantId: 'grant-1',
      claims: expect.objectContaining({ iss: ISSUER, aud: AUDIENCE }),
    });
  });

  it('throws a typed error that keeps the cause but not in the description', async () => {
    const rs = createResourceServer({ issuer: ISSUER, audience: AUDIENCE, keys: { getKey: async () => key.publicKey } });
    const error: unknown = await rs.verify(await sign(key, claims({ aud: 'x' }))).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ResourceServerError);
    expect(error).toMatchObject({ code: 'invalid_token', status: 401, cause: expect.any(Error) });
    expect((error as ResourceServerError).description).not.toMatch(/"aud"|claim value/);
  });

  it('refuses an empty string as malformed', async () => {
    const rs = createResourceServer({ issuer: ISSUER, audience: AUDIENCE, keys: { getKey: async () => key.publicKey } });
    await expect(rs.verify('')).rejects.toMatchObject({
      code: 'invalid_token',
      description: 'The access token is malformed.',
    });
  });

  it('passes a custom getKey failure through unchanged', async () => {
    const outage = new Error('keystore down');
    const rs = createResourceServer({ issuer: ISSUER, audience: AUDIENCE, keys: { getKey: () => Promise.reject(outage) } });
    await expect(rs.verify(await sign(key))).rejects.toBe(outage);
  });
});
