import { startTestServer, TestServer } from '../helpers/test-server.js';

let server: TestServer;
beforeAll(async () => { server = await startTestServer(); });
afterAll(() => server.close());

it('probe', async () => {
  for (const p of ['/.well-known/oauth-authorization-server', '/jwks.json', '/openapi.yaml', '/docs', '/docs/', '/docs/swagger-ui.css', '/docs/swagger-ui-init.js', '/docs/swagger-ui-bundle.js', '/docs/nope']) {
    const res = await fetch(server.url + p, { redirect: 'manual' });
    const h: Record<string, string> = {};
    res.headers.forEach((v, k) => { if (!['date', 'x-request-id', 'connection', 'keep-alive', 'etag'].includes(k)) h[k] = v; });
    const t = await res.text();
    console.log(p, res.status, JSON.stringify(h), p === "/docs/" ? t.slice(-900) : p.endsWith(".js") || p.endsWith(".css") ? t.length + " " + (t.match(/https?:\/\/[^"' )]+/g) ?? []).slice(0,10).join(" ") : t.slice(0, 300));
  }
});
