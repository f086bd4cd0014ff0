import { createServer, type Server } from 'node:http';
import express, { type ErrorRequestHandler } from 'express';
import { SignJWT, exportJWK, generateKeyPair, type CryptoKey, type JWK, type JWTPayload } from 'jose';
import { accessTokenOf, type ResourceServer } from '../../../src/resource-server/index.js';
import { listen } from './fake-servers.js';

export * from './fake-servers.js';

export const ISSUER = 'https://auth.example.test';
export const AUDIENCE = 'https://api.example.test';

/** A signing key pair and its public JWK. */
export interface TestKey {
  kid: string;
  privateKey: CryptoKey;
  publicKey: CryptoKey;
  jwk: JWK;
}

export async function makeKey(kid: string): Promise<TestKey> {
  const { privateKey, publicKey } = await generateKeyPair('ES256');
  const jwk = { ...(await exportJWK(publicKey)), kid, alg: 'ES256', use: 'sig' };
  return { kid, privateKey, publicKey, jwk };
}

/** Valid RFC 9068 claims, relative to the (possibly faked) current time. */
export function claims(overrides: Record<string, unknown> = {}): JWTPayload {
  const now = Math.floor(Date.now() / 1000);
  return {
    iss: ISSUER,
    sub: 'user-1',
    aud: AUDIENCE,
    client_id: 'client-1',
    scope: 'read write',
    jti: 'jti-1',
    iat: now,
    exp: now + 300,
    grant_id: 'grant-1',
    ...overrides,
  };
}

/** Signs an access token; `undefined` values in `payload` remove the claim. */
export async function sign(
  key: TestKey,
  payload: JWTPayload = claims(),
  header: Record<string, unknown> = {},
): Promise<string> {
  const body = Object.fromEntries(Object.entries(payload).filter(([, v]) => v !== undefined));
  return new SignJWT(body)
    .setProtectedHeader({ alg: 'ES256', typ: 'at+jwt', kid: key.kid, ...header })
    .sign(key.privateKey);
}

export function b64url(value: string | Buffer): string {
  return Buffer.from(value).toString('base64url');
}

/** A protected API: `/me` needs any valid token, `/notes` needs `read` and `write`. */
export async function startApi(rs: ResourceServer): Promise<{ url: string; server: Server }> {
  const app = express();
  const echo: express.RequestHandler = (_req, res) => {
    const { sub, clientId, scopes, jti, grantId } = accessTokenOf(res);
    res.json({ sub, clientId, scopes, jti, grantId });
  };
  app.get('/me', rs.requireToken(), echo);
  app.post('/me', express.urlencoded({ extended: false }), rs.requireToken(), echo);
  app.get('/notes', rs.requireToken({ scopes: ['read', 'write'] }), echo);
  const onError: ErrorRequestHandler = (err: Error, _req, res, _next) => {
    res.status(500).json({ hostError: err.message });
  };
  app.use(onError);
  const server = createServer(app);
  return { url: await listen(server), server };
}

/** The parts of a response the tests compare exactly. */
export interface Answer {
  status: number;
  wwwAuthenticate: string | null;
  retryAfter: string | null;
  body: unknown;
}

export async function call(url: string, init: RequestInit = {}): Promise<Answer> {
  const res = await fetch(url, init);
  return {
    status: res.status,
    wwwAuthenticate: res.headers.get('www-authenticate'),
    retryAfter: res.headers.get('retry-after'),
    body: await res.json(),
  };
}

export function bearer(token: string): RequestInit {
  return { headers: { authorization: `Bearer ${token}` } };
}

/** The exact 401 `invalid_token` answer for a description. */
export function invalidTokenAnswer(description: string): Answer {
  return {
    status: 401,
    wwwAuthenticate: `Bearer realm="latchkey", error="invalid_token", error_description="${description}"`,
    retryAfter: null,
    body: { error: 'invalid_token', error_description: description },
  };
}

/** The exact 503 answer for an unreachable JWKS or introspection endpoint. */
export const UNAVAILABLE: Answer = {
  status: 503,
  wwwAuthenticate: null,
  retryAfter: '5',
  body: {
    error: 'temporarily_unavailable',
    error_description: 'Access tokens cannot be checked right now, try again later.',
  },
};

/** Freezes `Date` only, so real sockets and timers keep working. */
export function freezeDate(now: number): void {
  jest.useFakeTimers({
    now,
    doNotFake: [
      'hrtime', 'nextTick', 'performance', 'queueMicrotask', 'requestAnimationFrame',
      'cancelAnimationFrame', 'requestIdleCallback', 'cancelIdleCallback', 'setImmediate',
      'clearImmediate', 'setInterval', 'clearInterval', 'setTimeout', 'clearTimeout',
    ],
  });
}
