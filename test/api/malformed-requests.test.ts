import { connect } from 'node:net';
import { getData, getCurrentUser, postIntrospect, postRevoke, postToken } from '../../generated/sdk.gen.js';
import { registerClient, startTestServer, type TestClient, type TestServer } from '../helpers/test-server.js';

/**
 * Malformed requests to every endpoint: each one gets an RFC 6749 §5.2 / RFC 6750 §3.1 JSON error with
 * the right status and headers, and nothing of the server's internals.
 */

let server: TestServer;
let cc: TestClient;
let pw: TestClient;
let post: TestClient;
beforeAll(async () => {
  server = await startTestServer();
  cc = await registerClient(server.lk);
  pw = await registerClient(server.lk, { grantTypes: ['password', 'refresh_token'], firstParty: true });
  post = await registerClient(server.lk, { tokenEndpointAuthMethod: 'client_secret_post' });
});
afterAll(() => server.close());

const rfcCodes = [
  'invalid_request',
  'invalid_client',
  'invalid_grant',
  'unauthorized_client',
  'unsupported_grant_type',
  'invalid_scope',
  'unsupported_token_type',
  'invalid_token',
  'insufficient_scope',
];
const form = 'application/x-www-form-urlencoded';
const oauthEndpoints = ['/token', '/revoke', '/introspect'];

/** RFC 6749 §5.2: error_description is limited to %x20-21 / %x23-5B / %x5D-7E. */
const descriptionCharset = /^[\x20\x21\x23-\x5B\x5D-\x7E]*$/;

/** What must never reach a client: stack frames, file paths, error class names, dependency names. */
const leaks = [/Error:/, /node_modules/, /^\s*at /m, /\bat [\w.<>[\]]+ \(/, /\.(ts|js):\d+/, /\/work\/|\/home\/|\/tmp\/|[A-Z]:\\/];

function expectNoLeak(text: string): void {
  for (const pattern of leaks) expect(text).not.toMatch(pattern);
}

interface Answer {
  status: number;
  headers: Headers;
  text: string;
}

/** Checks the RFC 6749 §5.2 shape, status, `WWW-Authenticate` and cache headers of an error answer. */
function expectOAuthError(path: string, res: Answer, status: number, code: string): void {
  expect({ status: res.status, body: res.text.slice(0, 300) }).toEqual({ status, body: expect.any(String) });
  expect(res.headers.get('content-type')).toMatch(/^application\/json\b/);
  expect(res.headers.get('x-content-type-options')).toBe('nosniff');
  const body = JSON.parse(res.text) as Record<string, unknown>;
  expect(Object.keys(body).every((k) => k === 'error' || k === 'error_description')).toBe(true);
  expect(rfcCodes).toContain(body.error);
  expect(body.error).toBe(code);
  if (body.error_description !== undefined) {
    expect(typeof body.error_description).toBe('string');
    expect(body.error_description).toMatch(descriptionCharset);
  }
  expectNoLeak(res.text);
  if (code === 'invalid_client') expect(res.headers.get('www-authenticate')).toBe('Basic realm="latchkey"');
  if (oauthEndpoints.includes(path)) expect(res.headers.get('cache-control')).toBe('no-store');
  if (path === '/token') expect(res.headers.get('pragma')).toBe('no-cache');
}

async function send(path: string, init: RequestInit): Promise<Answer> {
  const res = await fetch(server.url + path, init);
  return { status: res.status, headers: res.headers, text: await res.text() };
}

/** Which credentials a row sends in `Authorization`. */
type Auth = 'cc' | 'pw' | { raw: string } | undefined;

function authorization(auth: Auth): Record<string, string> {
  if (auth === undefined) return {};
  if (auth === 'cc') return { authorization: cc.basic };
  if (auth === 'pw') return { authorization: pw.basic };
  return { authorization: auth.raw };
}

const b64 = (s: string): string => Buffer.from(s, 'utf8').toString('base64');

interface RawCase {
  path: string;
  method?: string;
  /** Content-Type to send; `null` sends none. Defaults to form-urlencoded when there is a body. */
  contentType?: string | null;
  auth?: Auth;
  extraHeaders?: Record<string, string>;
  body?: string | Uint8Array<ArrayBuffer>;
  status: number;
  error: string;
}

describe('raw requests the SDK cannot send', () => {
  const rawCases: [string, RawCase][] = [
    // Content types and bodies
    ['JSON to /token', { path: '/token', contentType: 'application/json', auth: 'cc', body: '{"grant_type":"client_credentials"}', status: 400, error: 'invalid_request' }],
    ['text/plain to /token', { path: '/token', contentType: 'text/plain', auth: 'cc', body: 'grant_type=client_credentials', status: 400, error: 'invalid_request' }],
    [
      'multipart/form-data to /token',
      {
        path: '/token',
        contentType: 'multipart/form-data; boundary=x',
        auth: 'cc',
        body: '--x\r\nContent-Disposition: form-data; name="grant_type"\r\n\r\nclient_credentials\r\n--x--\r\n',
        status: 400,
        error: 'invalid_request',
      },
    ],
    ['no Content-Type to /token', { path: '/token', contentType: null, auth: 'cc', body: new TextEncoder().encode('grant_type=client_credentials'), status: 400, error: 'invalid_request' }],
    ['no body at all to /token', { path: '/token', contentType: null, auth: 'cc', status: 400, error: 'invalid_request' }],
    ['an empty form body to /token', { path: '/token', auth: 'cc', body: '', status: 400, error: 'invalid_request' }],
    ['charset=latin1 to /token', { path: '/token', contentType: `${form}; charset=latin1`, auth: 'cc', body: 'grant_type=client_credentials', status: 400, error: 'invalid_request' }],
    ['an unknown Content-Encoding to /token', { path: '/token', auth: 'cc', extraHeaders: { 'content-encoding': 'x-unknown' }, body: 'grant_type=client_credentials', status: 400, error: 'invalid_request' }],
    ['JSON to /revoke', { path: '/revoke', contentType: 'application/json', auth: 'cc', body: '{"token":"x"}', status: 400, error: 'invalid_request' }],
    ['text/plain to /introspect', { path: '/introspect', contentType: 'text/plain', auth: 'cc', body: 'token=x', status: 400, error: 'invalid_request' }],
    // Repeated parameters (RFC 6749 §3.1, §3.2)
    ['grant_type=a&grant_type=b', { path: '/token', auth: 'cc', body: 'grant_type=a&grant_type=b', status: 400, error: 'invalid_request' }],
    ['a repeated scope', { path: '/token', auth: 'cc', body: 'grant_type=client_credentials&scope=read&scope=write', status: 400, error: 'invalid_request' }],
    [
      'a repeated client_id',
      { path: '/token', body: 'grant_type=client_credentials&client_id=a&client_id=b&client_secret=s', status: 400, error: 'invalid_request' },
    ],
    ['a repeated query parameter on /token', { path: '/token?x=1&x=2', auth: 'cc', body: 'grant_type=client_credentials', status: 400, error: 'invalid_request' }],
    ['a repeated token on /revoke', { path: '/revoke', auth: 'cc', body: 'token=a&token=b', status: 400, error: 'invalid_request' }],
    ['a repeated token on /introspect', { path: '/introspect', auth: 'cc', body: 'token=a&token=b', status: 400, error: 'invalid_request' }],
    // Sizes
    ['a 100 KB scope value', { path: '/token', auth: 'cc', body: `grant_type=client_credentials&scope=${'a'.repeat(100 * 1024)}`, status: 400, error: 'invalid_request' }],
    ['a body just over 64 KiB', { path: '/token', auth: 'cc', body: `grant_type=client_credentials&pad=${'b'.repeat(64 * 1024)}`, status: 400, error: 'invalid_request' }],
    ['a 70 KB token to /introspect', { path: '/introspect', auth: 'cc', body: `token=${'t'.repeat(70_000)}`, status: 400, error: 'invalid_request' }],
    [
      'more than 100 parameters',
      { path: '/token', auth: 'cc', body: `grant_type=client_credentials&${Array.from({ length: 150 }, (_, i) => `p${i}=1`).join('&')}`, status: 400, error: 'invalid_request' },
    ],
    // Encoding
    ['a NUL byte in grant_type', { path: '/token', auth: 'cc', body: 'grant_type=client_credentials%00', status: 400, error: 'invalid_request' }],
    ['a NUL byte in username', { path: '/token', auth: 'pw', body: 'grant_type=password&username=a%00b&password=x', status: 400, error: 'invalid_request' }],
    ['a NUL byte in the token to /revoke', { path: '/revoke', auth: 'cc', body: 'token=abc%00', status: 400, error: 'invalid_request' }],
    ['a NUL byte in the token to /introspect', { path: '/introspect', auth: 'cc', body: 'token=%00', status: 400, error: 'invalid_request' }],
    // `%zz` is not a valid escape; it is kept literally (like the WHATWG parser does) and the literal fails later.
    ['%zz in scope', { path: '/token', auth: 'cc', body: 'grant_type=client_credentials&scope=%zz', status: 400, error: 'invalid_scope' }],
    ['%zz in grant_type', { path: '/token', auth: 'cc', body: 'grant_type=%zz', status: 400, error: 'unsupported_grant_type' }],
    ['an invalid UTF-8 sequence in scope', { path: '/token', auth: 'cc', body: 'grant_type=client_credentials&scope=%C3%28', status: 400, error: 'invalid_scope' }],
    ['unicode (emoji, RTL override) in username', { path: '/token', auth: 'pw', body: 'grant_type=password&username=%F0%9F%98%80%E2%80%AE&password=x', status: 400, error: 'invalid_grant' }],
    ['unicode in scope', { path: '/token', auth: 'cc', body: 'grant_type=client_credentials&scope=r%C3%A9ad', status: 400, error: 'invalid_request' }],
    ['a tab inside scope', { path: '/token', auth: 'cc', body: 'grant_type=client_credentials&scope=read%09write', status: 400, error: 'invalid_request' }],
    ['a 10 000 character grant_type', { path: '/token', auth: 'cc', body: `grant_type=${'x'.repeat(10_000)}`, status: 400, error: 'unsupported_grant_type' }],
    // Broken Basic headers (RFC 6749 §2.3.1, RFC 7617)
    ['Basic with a value that is not base64', { path: '/token', auth: { raw: 'Basic !!!!' }, body: 'grant_type=client_credentials', status: 401, error: 'invalid_client' }],
    ['Basic without a colon', { path: '/token', auth: { raw: `Basic ${b64('no-colon-here')}` }, body: 'grant_type=client_credentials', status: 401, error: 'invalid_client' }],
    ['Basic with an empty client id', { path: '/token', auth: { raw: `Basic ${b64(':secret')}` }, body: 'grant_type=client_credentials', status: 401, error: 'invalid_client' }],
    ['Basic with %zz in the client id', { path: '/token', auth: { raw: `Basic ${b64('%zz:secret')}` }, body: 'grant_type=client_credentials', status: 401, error: 'invalid_client' }],
    ['Basic alone', { path: '/token', auth: { raw: 'Basic' }, body: 'grant_type=client_credentials', status: 401, error: 'invalid_client' }],
    ['two Basic credentials in one header', { path: '/token', auth: { raw: `Basic ${b64('a:b')}, Basic ${b64('c:d')}` }, body: 'grant_type=client_credentials', status: 401, error: 'invalid_client' }],
    ['Bearer x to /token', { path: '/token', auth: { raw: 'Bearer x' }, body: 'grant_type=client_credentials', status: 401, error: 'invalid_client' }],
    ['an 8 KB Basic header', { path: '/token', auth: { raw: `Basic ${b64(`${'x'.repeat(6000)}:y`)}` }, body: 'grant_type=client_credentials', status: 401, error: 'invalid_client' }],
    ['Basic without a colon to /revoke', { path: '/revoke', auth: { raw: `Basic ${b64('nocolon')}` }, body: 'token=x', status: 401, error: 'invalid_client' }],
    ['Bearer x to /introspect', { path: '/introspect', auth: { raw: 'Bearer x' }, body: 'token=x', status: 401, error: 'invalid_client' }],
    // Methods and paths
    ['GET /token', { path: '/token', method: 'GET', status: 405, error: 'invalid_request' }],
    ['PUT /token', { path: '/token', method: 'PUT', status: 405, error: 'invalid_request' }],
    ['GET /revoke', { path: '/revoke', method: 'GET', status: 405, error: 'invalid_request' }],
    ['DELETE /introspect', { path: '/introspect', method: 'DELETE', status: 405, error: 'invalid_request' }],
    ['POST /data', { path: '/data', method: 'POST', status: 405, error: 'invalid_request' }],
    ['GET on an unknown path', { path: '/no/such/endpoint', method: 'GET', status: 404, error: 'invalid_request' }],
    ['POST on an unknown path', { path: '/oauth/authorize', method: 'POST', body: 'response_type=code', status: 404, error: 'invalid_request' }],
  ];

  it.each(rawCases)('%s', async (_label, c) => {
    const headers: Record<string, string> = { ...authorization(c.auth), ...c.extraHeaders };
    if (c.contentType !== null && (c.body !== undefined || c.contentType !== undefined)) headers['content-type'] = c.contentType ?? form;
    const res = await send(c.path, { method: c.method ?? 'POST', headers, body: c.body });
    const path = c.path.split('?')[0] as string;
    expectOAuthError(path, res, c.status, c.error);
    if (c.status === 405) expect(res.headers.get('allow')).toBe({ '/data': 'GET', '/introspect': 'POST' }[path] ?? 'OPTIONS, POST');
  });

  it('a corrupt gzip body to /token is invalid_request, not server_error', async () => {
    const res = await send('/token', { method: 'POST', headers: { 'content-type': form, 'content-encoding': 'gzip', authorization: cc.basic }, body: 'grant_type=client_credentials' });
    expectOAuthError('/token', res, 400, 'invalid_request');
  });

  it('refuses an Authorization header over the 16 KiB header limit before any handler, without detail', async () => {
    const res = await send('/token', { method: 'POST', headers: { 'content-type': form, authorization: `Basic ${'A'.repeat(20_000)}` }, body: 'grant_type=client_credentials' });
    // Node's HTTP parser answers this one (RFC 6585 §5) with an empty body; nothing reaches Express.
    expect(res.status).toBe(431);
    expectNoLeak(res.text);
  });
});

/**
 * A POST with a form Content-Type and no body framing at all (neither Content-Length nor chunks), which
 * fetch never sends (it adds `Content-Length: 0`): written on a socket.
 */
function postWithoutBody(path: string, headers: Record<string, string>): Promise<Answer> {
  const { hostname, port } = new URL(server.url);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), hostname);
    const chunks: Buffer[] = [];
    socket.on('data', (chunk: Buffer) => chunks.push(chunk));
    socket.on('error', reject);
    socket.on('end', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      const [head = '', body = ''] = text.split('\r\n\r\n', 2);
      const [statusLine = '', ...lines] = head.split('\r\n');
      const answerHeaders = new Headers(lines.map((line) => [line.slice(0, line.indexOf(':')), line.slice(line.indexOf(':') + 1).trim()] as [string, string]));
      resolve({ status: Number(statusLine.split(' ')[1]), headers: answerHeaders, text: body });
    });
    const extra = Object.entries(headers).map(([name, value]) => `${name}: ${value}\r\n`).join('');
    socket.write(`POST ${path} HTTP/1.1\r\nHost: ${hostname}:${port}\r\nContent-Type: ${form}\r\n${extra}Connection: close\r\n\r\n`);
  });
}

describe('a form POST without any body', () => {
  it.each([
    ['/token', 'cc' as const],
    ['/revoke', 'cc' as const],
    ['/introspect', 'cc' as const],
  ])('%s answers invalid_request naming what is missing, not server_error', async (path, auth) => {
    const res = await postWithoutBody(path, authorization(auth));
    expectOAuthError(path, res, 400, 'invalid_request');
  });

  it.each(['/authorize', '/login', '/consent', '/logout', '/account/revoke', '/account/totp', '/account/totp/confirm', '/account/totp/remove', '/account/recovery-codes'])('the page %s answers without a server error', async (path) => {
    const res = await postWithoutBody(path, {});
    expect(res.status).toBeLessThan(500);
    expectNoLeak(res.text);
  });
});

describe('requests the SDK can send', () => {
  type SdkResult = { response: Response; error?: unknown };
  const sdkCases: [string, string, () => Promise<SdkResult>, number, string][] = [
    ['a scope of spaces only', '/token', () => postToken({ client: server.sdk, body: { grant_type: 'client_credentials', scope: '   ' }, headers: { Authorization: cc.basic } }), 400, 'invalid_request'],
    ['a scope with "', '/token', () => postToken({ client: server.sdk, body: { grant_type: 'client_credentials', scope: 'read "write"' }, headers: { Authorization: cc.basic } }), 400, 'invalid_request'],
    ['a scope with \\', '/token', () => postToken({ client: server.sdk, body: { grant_type: 'client_credentials', scope: 're\\ad' }, headers: { Authorization: cc.basic } }), 400, 'invalid_request'],
    ['an empty grant_type', '/token', () => postToken({ client: server.sdk, body: { grant_type: '' } as never, headers: { Authorization: cc.basic } }), 400, 'invalid_request'],
    ['a missing grant_type', '/token', () => postToken({ client: server.sdk, body: {} as never, headers: { Authorization: cc.basic } }), 400, 'invalid_request'],
    ['a password grant without password', '/token', () => postToken({ client: server.sdk, body: { grant_type: 'password', username: 'someone' } as never, headers: { Authorization: pw.basic } }), 400, 'invalid_request'],
    ['a refresh grant without refresh_token', '/token', () => postToken({ client: server.sdk, body: { grant_type: 'refresh_token' } as never, headers: { Authorization: pw.basic } }), 400, 'invalid_request'],
    ['a refresh_token that is not one', '/token', () => postToken({ client: server.sdk, body: { grant_type: 'refresh_token', refresh_token: '../../etc/passwd' }, headers: { Authorization: pw.basic } }), 400, 'invalid_grant'],
    [
      'Basic plus client_secret in the body',
      '/token',
      () => postToken({ client: server.sdk, body: { grant_type: 'client_credentials', client_secret: cc.secret }, headers: { Authorization: cc.basic } }),
      400,
      'invalid_request',
    ],
    [
      'Basic plus a different client_id in the body',
      '/token',
      () => postToken({ client: server.sdk, body: { grant_type: 'client_credentials', client_id: 'someone-else' }, headers: { Authorization: cc.basic } }),
      400,
      'invalid_request',
    ],
    ['client_secret without client_id', '/token', () => postToken({ client: server.sdk, body: { grant_type: 'client_credentials', client_secret: 'x' } }), 400, 'invalid_request'],
    ['no client authentication', '/token', () => postToken({ client: server.sdk, body: { grant_type: 'client_credentials' } }), 401, 'invalid_client'],
    [
      'client_secret_post with an empty secret',
      '/token',
      () => postToken({ client: server.sdk, body: { grant_type: 'client_credentials', client_id: post.client.clientId, client_secret: '' } }),
      401,
      'invalid_client',
    ],
    ['/revoke without token', '/revoke', () => postRevoke({ client: server.sdk, body: {} as never, headers: { Authorization: cc.basic } }), 400, 'invalid_request'],
    ['/revoke without client authentication', '/revoke', () => postRevoke({ client: server.sdk, body: { token: 'x' } }), 401, 'invalid_client'],
    ['/revoke with Basic and client_secret', '/revoke', () => postRevoke({ client: server.sdk, body: { token: 'x', client_secret: 'y' }, headers: { Authorization: cc.basic } }), 400, 'invalid_request'],
    ['/introspect without token', '/introspect', () => postIntrospect({ client: server.sdk, body: {} as never, headers: { Authorization: cc.basic } }), 400, 'invalid_request'],
    ['/introspect without client authentication', '/introspect', () => postIntrospect({ client: server.sdk, body: { token: 'x' } }), 401, 'invalid_client'],
    ['/introspect as a public client', '/introspect', () => postIntrospect({ client: server.sdk, body: { token: 'x', client_id: cc.client.clientId } }), 401, 'invalid_client'],
    ['/introspect with a wrong secret', '/introspect', () => postIntrospect({ client: server.sdk, body: { token: 'x' }, headers: { Authorization: `Basic ${b64(`${cc.client.clientId}:nope`)}` } }), 401, 'invalid_client'],
  ];

  it.each(sdkCases)('%s', async (_label, path, call, status, code) => {
    const res = await call();
    expectOAuthError(path, { status: res.response.status, headers: res.response.headers, text: JSON.stringify(res.error) }, status, code);
  });

  it('keeps error_description within the RFC 6749 §5.2 charset for a grant_type with " \\ é and a newline', async () => {
    const res = await postToken({ client: server.sdk, body: { grant_type: '"\\é\nx' } as never, headers: { Authorization: cc.basic } });
    expectOAuthError('/token', { status: res.response.status, headers: res.response.headers, text: JSON.stringify(res.error) }, 400, 'unsupported_grant_type');
  });

  it('does not reflect a 60 KB unknown scope into error_description', async () => {
    const res = await postToken({ client: server.sdk, body: { grant_type: 'client_credentials', scope: 'a'.repeat(60_000) }, headers: { Authorization: cc.basic } });
    expect(res.response.status).toBe(400);
    expect(res.error).toMatchObject({ error: 'invalid_scope' });
    expect(JSON.stringify(res.error).length).toBeLessThan(1000);
  });
});

describe('bearer-protected resources (RFC 6750 §3.1)', () => {
  const bearerCases: [string, '/data' | '/users/me', string, number, string][] = [
    ['Bearer with two tokens to /data', '/data', 'Bearer abc def', 400, 'invalid_request'],
    ['Bearer alone to /data', '/data', 'Bearer', 400, 'invalid_request'],
    ['Bearer with a comma to /data', '/data', 'Bearer a,b', 400, 'invalid_request'],
    ['Bearer with a tab inside the token to /users/me', '/users/me', 'Bearer abc\tdef', 400, 'invalid_request'],
    ['a token that is not a JWT to /data', '/data', 'Bearer not-a-jwt', 401, 'invalid_token'],
    ['a JWT-shaped garbage token to /users/me', '/users/me', 'Bearer abc.def.ghi', 401, 'invalid_token'],
    ['an unsigned alg:none token to /data', '/data', `Bearer ${Buffer.from('{"alg":"none","typ":"at+jwt"}').toString('base64url')}.${Buffer.from('{"sub":"x"}').toString('base64url')}.`, 401, 'invalid_token'],
  ];

  it.each(bearerCases)('%s', async (_label, path, header, status, code) => {
    const call = path === '/data' ? getData : getCurrentUser;
    const res = await call({ client: server.sdk, headers: { Authorization: header } });
    const text = JSON.stringify(res.error);
    expect(res.response.status).toBe(status);
    expect(res.error).toEqual({ error: code, error_description: expect.any(String) });
    expect((res.error as { error_description: string }).error_description).toMatch(descriptionCharset);
    expectNoLeak(text);
    expect(res.response.headers.get('www-authenticate')).toMatch(new RegExp(`^Bearer realm="latchkey", error="${code}", error_description="[^"]+"$`));
  });

  it.each([
    ['a token in the query string of /data', '/data?access_token=eyJhbGciOiJFUzI1NiJ9.e30.sig', {}],
    ['a token in the query string of /users/me', '/users/me?access_token=abc', {}],
    ['Basic credentials to /data', '/data', { authorization: `Basic ${b64('a:b')}` }],
    ['a scheme named Bearerx to /users/me', '/users/me', { authorization: 'Bearerx abc' }],
  ])('ignores %s and asks for a token with a bare challenge', async (_label, path, headers) => {
    const res = await send(path, { headers });
    expect(res.status).toBe(401);
    expect(res.headers.get('www-authenticate')).toBe('Bearer realm="latchkey"');
    // RFC 6750 §3.1: no error code when the request carried no token.
    const body = JSON.parse(res.text) as Record<string, unknown>;
    expect(body).not.toHaveProperty('error');
    expect(Object.keys(body).every((k) => k === 'error_description')).toBe(true);
    expectNoLeak(res.text);
  });
});
