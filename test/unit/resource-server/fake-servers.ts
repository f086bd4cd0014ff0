import { once } from 'node:events';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { JWK } from 'jose';

export async function close(server: Server): Promise<void> {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
}

export async function listen(server: Server): Promise<string> {
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
