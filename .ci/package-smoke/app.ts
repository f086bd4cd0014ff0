// A consumer of the packed `latchkey` package, as a user's app would be (CI: .ci/package-smoke.sh).
// It protects a route with latchkey/resource-server, gets a token from a running Latchkey with the
// SDK from latchkey/client, and calls the route with and without it.
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import { accessTokenOf, createResourceServer } from 'latchkey/resource-server';

const heavy = /[\\/]node_modules[\\/](express|knex|mysql2|better-sqlite3|pg|argon2)[\\/]/;
const loadedByEntry = Object.keys(createRequire(import.meta.url).cache).filter((file) => heavy.test(file));
if (loadedByEntry.length) throw new Error(`latchkey/resource-server loaded server modules: ${loadedByEntry.join(', ')}`);

const { client, postToken } = await import('latchkey/client');
const { default: express } = await import('express');

const issuer = process.env.LATCHKEY_URL as string;
const basic = `Basic ${Buffer.from(`${process.env.CLIENT_ID}:${process.env.CLIENT_SECRET}`).toString('base64')}`;

const rs = createResourceServer({ issuer, audience: process.env.AUDIENCE as string, keys: { jwksUri: `${issuer}/jwks.json` } });
const app = express();
app.get('/notes', rs.requireToken({ scopes: ['read'] }), (_req, res) => {
  res.json({ owner: accessTokenOf(res).sub });
});
const server = app.listen(0, '127.0.0.1');
await new Promise((resolve) => server.once('listening', resolve));
const api = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

try {
  client.setConfig({ baseUrl: issuer });
  const { data, error } = await postToken({ body: { grant_type: 'client_credentials', scope: 'read' }, headers: { Authorization: basic } });
  if (!data) throw new Error(`token request failed: ${JSON.stringify(error)}`);
  const refused = await fetch(`${api}/notes`);
  if (refused.status !== 401) throw new Error(`without a token: ${refused.status}`);
  const allowed = await fetch(`${api}/notes`, { headers: { Authorization: `Bearer ${data.access_token}` } });
  const body = (await allowed.json()) as { owner?: string };
  if (allowed.status !== 200 || body.owner !== process.env.CLIENT_ID) throw new Error(`with a token: ${allowed.status} ${JSON.stringify(body)}`);
  console.log('package smoke: latchkey/resource-server and latchkey/client work from the packed package');
} finally {
  server.close();
}
