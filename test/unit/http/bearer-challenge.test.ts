/**
 * One `WWW-Authenticate: Bearer` writer (RFC 6750 §3): the resource-server middleware and the
 * authorization server's error writer (e.g. /userinfo for a disabled user) send the same challenge,
 * every value a quoted-string (RFC 9110 §5.6.4), error_description limited to the characters RFC 6750 §3
 * allows (a quote or a backslash becomes `?`).
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { writeOAuthError } from '../../../src/http/error-writer.js';
import { ResourceServerError } from '../../../src/resource-server/index.js';
import { writeError } from '../../../src/resource-server/write-error.js';

const description = 'The "example" token \\ is refused.';
const expected = 'Bearer realm="latchkey", error="invalid_token", error_description="The ?example? token ? is refused."';

let server: Server;
let url: string;
beforeAll(async () => {
  const app = express();
  app.get('/resource-server', (_req, res) => writeError(res, new ResourceServerError('invalid_token', description), 'latchkey'));
  app.get('/authorization-server', (_req, res) => writeOAuthError(res, 'invalid_token', description));
  app.get('/no-description', (_req, res) => writeOAuthError(res, 'insufficient_scope', undefined));
  server = createServer(app);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

const challenge = async (path: string) => (await fetch(`${url}${path}`)).headers.get('www-authenticate');

describe('the one Bearer challenge writer', () => {
  it.each(['/resource-server', '/authorization-server'])('%s replaces a quote and a backslash in error_description (RFC 6750 §3 allows neither)', async (path) => {
    expect(await challenge(path)).toBe(expected);
  });

  it('leaves error_description out when there is none', async () => {
    expect(await challenge('/no-description')).toBe('Bearer realm="latchkey", error="insufficient_scope"');
  });
});
