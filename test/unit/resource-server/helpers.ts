import { once } from 'node:events';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import express, { type ErrorRequestHandler } from 'express';
import { SignJWT, exportJWK, generateKeyPair, type CryptoKey, type JWK, type JWTPayload } from 'jose';
import { accessTokenOf, type ResourceServer } from '../../../src/resource-server/index.js';

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

export async function close(server: Server): Promise<void> {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
}

async function listen(server: Server): Promise<string> {
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

/** A tiny JWKS endpoint whose keys, status and Cache-Control the test can change. */
export interface JwksServer {
  url: string;
  keys: JWK[];
  cacheControl: string | undefined;
  status: number;
  /** Replaces the JSON key set in the response body when set. */
  rawBody: string | undefined;
  requests: number;
  server: Server;
}

export async function startJwksServer(keys: JWK[]): Promise<JwksServer> {
  const state: Omit<JwksServer, 'url' | 'server'> = {
    keys, cacheControl: undefined, status: 200, rawBody: undefined, requests: 0,
  };
  const server = createServer((_req, res) => {
    state.requests += 1;
    if (state.cacheControl !== undefined) res.setHeader('Cache-Control', state.cacheControl);
    res.writeHead(state.status, { 'Content-Type': 'application/json' });
    res.end(state.rawBody ?? JSON.stringify({ keys: state.keys }));
  });
  const url = await listen(server);
  return Object.assign(state, { url: `${url}/jwks`, server });
}

/** What the fake introspection endpoint saw. */
export interface IntrospectionCall {
  method: string | undefined;
  authorization: string | undefined;
  contentType: string | undefined;
  body: string;
}

/** A tiny RFC 7662 endpoint: tokens in `revoked` are inactive; `status` can simulate failures. */
export interface IntrospectionServer {
  url: string;
  revoked: Set<string>;
  status: number;
  /** Replaces the `{ active }` response body when set. */
  rawBody: string | undefined;
  calls: IntrospectionCall[];
  server: Server;
}

export async function startIntrospectionServer(): Promise<IntrospectionServer> {
  const state: Omit<IntrospectionServer, 'url' | 'server'> = {
    revoked: new Set<string>(), status: 200, rawBody: undefined, calls: [],
  };
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (chunk: string) => (body += chunk));
    req.on('end', () => {
      state.calls.push({
        method: req.method,
        authorization: req.headers.authorization,
        contentType: req.headers['content-type'],
        body,
      });
      const token = new URLSearchParams(body).get('token') ?? '';
      res.writeHead(state.status, { 'Content-Type': 'application/json' });
      res.end(state.rawBody ?? JSON.stringify({ active: !state.revoked.has(token) }));
    });
  });
  const url = await listen(server);
  return Object.assign(state, { url: `${url}/introspect`, server });
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
