import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One request the client app received on its callback or post-logout page. */
export interface ReceivedRequest {
  method: string;
  path: string;
  /** Query parameters (GET) or form fields (POST, application/x-www-form-urlencoded). */
  params: Record<string, string>;
}

/** A tiny relying party: the pages the browser really lands on after Latchkey sends it back. */
export interface ClientApp {
  readonly origin: string;
  readonly callbackUri: string;
  readonly postLogoutUri: string;
  readonly received: ReceivedRequest[];
  /** The requests received since `mark` was taken. */
  since(mark: number): ReceivedRequest[];
  close(): Promise<void>;
}

function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

function page(title: string, request: ReceivedRequest): string {
  const rows = Object.entries(request.params)
    .map(([name, value]) => `<dt>${escapeHtml(name)}</dt><dd data-param="${escapeHtml(name)}">${escapeHtml(value)}</dd>`)
    .join('\n');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(title)}</title>
<style>body{font:15px/1.5 system-ui,sans-serif;margin:2rem;background:#fffbe6;color:#222}h1{font-size:1.3rem}
dt{font-weight:600;margin-top:.5rem}dd{margin:0 0 0 1rem;font-family:monospace;word-break:break-all}.tag{background:#222;color:#fff;padding:.1rem .4rem;border-radius:3px}</style></head>
<body><p><span class="tag">Example client app</span></p><h1>${escapeHtml(title)}</h1>
<p id="method">Received a <strong>${request.method}</strong> on <code>${escapeHtml(request.path)}</code></p>
<dl>${rows}</dl></body></html>`;
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

/** Starts the client app on 127.0.0.1, port 0: `/callback` (GET for query, POST for form_post) and `/logged-out`. */
export async function startClientApp(): Promise<ClientApp> {
  const received: ReceivedRequest[] = [];
  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const url = new URL(req.url ?? '/', 'http://client.invalid');
    if (url.pathname === '/favicon.ico') {
      res.writeHead(204).end();
      return;
    }
    const params: Record<string, string> = Object.fromEntries(url.searchParams);
    if (req.method === 'POST') {
      const body = await readBody(req);
      Object.assign(params, Object.fromEntries(new URLSearchParams(body)));
    }
    const request: ReceivedRequest = { method: req.method ?? 'GET', path: url.pathname, params };
    received.push(request);
    const title = url.pathname === '/callback' ? (params.error ? 'The sign-in did not complete' : 'Signed in: the app got a code') : url.pathname === '/logged-out' ? 'Signed out: back at the app' : 'Not found';
    res.writeHead(url.pathname === '/callback' || url.pathname === '/logged-out' ? 200 : 404, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
    res.end(page(title, request));
  };
  const server: Server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => res.writeHead(500).end(String(error)));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    origin,
    callbackUri: `${origin}/callback`,
    postLogoutUri: `${origin}/logged-out`,
    received,
    since: (mark) => received.slice(mark),
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
