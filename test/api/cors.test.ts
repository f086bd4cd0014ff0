import { codeFrom, signInAndAuthorize } from '../helpers/browser-flow.js';
import { registerClient, registerUser, startTestServer, type TestClient, type TestServer } from '../helpers/test-server.js';

/**
 * CORS for browser apps (issue 4 §4, Fetch Standard §3.2): /token, /revoke and /userinfo answer
 * only origins that clients registered; discovery and JWKS answer any origin with `*`; nothing ever
 * allows credentials; pages never carry CORS headers.
 */

let server: TestServer;
let spa: TestClient;
const spaOrigin = 'https://spa.example.com';
const spaCallback = `${spaOrigin}/callback`;

beforeAll(async () => {
  server = await startTestServer();
  spa = await registerClient(server.lk, {
    clientName: 'Single-page app',
    grantTypes: ['authorization_code', 'refresh_token'],
    scopes: ['openid', 'profile', 'offline_access'],
    redirectUris: [spaCallback],
    tokenEndpointAuthMethod: 'none',
    allowedOrigins: [spaOrigin],
  });
});
afterAll(() => server.close());

// ---- helpers ----

function preflight(path: string, origin: string | undefined, method = 'POST'): Promise<Response> {
  return fetch(server.url + path, {
    method: 'OPTIONS',
    headers: {
      ...(origin ? { Origin: origin } : {}),
      'Access-Control-Request-Method': method,
      'Access-Control-Request-Headers': 'authorization,content-type',
    },
  });
}

function form(path: string, origin: string | undefined, body: Record<string, string>, headers: Record<string, string> = {}): Promise<Response> {
  return fetch(server.url + path, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...(origin ? { Origin: origin } : {}), ...headers },
    body: new URLSearchParams(body),
  });
}

const listOf = (value: string | null): string[] => (value ?? '').split(',').map((v) => v.trim().toLowerCase()).filter(Boolean);

/** No CORS header of any kind. */
function expectNoCors(res: Response): void {
  const cors: string[] = [];
  res.headers.forEach((_value, name) => {
    if (name.toLowerCase().startsWith('access-control-')) cors.push(name);
  });
  expect(cors).toEqual([]);
}

/** Credentials are never allowed, with `*` or otherwise. */
function expectNoCredentials(res: Response): void {
  expect(res.headers.get('access-control-allow-credentials')).toBeNull();
}

/** An SPA's tokens, from the real code + PKCE flow. */
async function spaTokens(): Promise<{ access: string; refresh: string }> {
  const { username, password } = await registerUser(server.lk);
  const result = await signInAndAuthorize(server, { client: spa, user: { username, password }, params: { scope: 'openid profile offline_access' } });
  const res = await form('/token', spaOrigin, { grant_type: 'authorization_code', code: codeFrom(result), redirect_uri: spaCallback, code_verifier: result.verifier!, client_id: spa.client.clientId });
  expect(res.status).toBe(200);
  expect(res.headers.get('access-control-allow-origin')).toBe(spaOrigin);
  const body = (await res.json()) as { access_token: string; refresh_token: string };
  return { access: body.access_token, refresh: body.refresh_token };
}

// ---- tests ----

describe('CORS on /token, /revoke and /userinfo: registered origins only', () => {
  it.each([
    ['/token', 'POST'],
    ['/revoke', 'POST'],
    ['/userinfo', 'GET'],
    ['/userinfo', 'POST'],
  ])('answers the preflight of %s (%s) from a registered origin: 204, that origin echoed, never credentials', async (path, method) => {
    const res = await preflight(path, spaOrigin, method);
    expect(res.status).toBe(204);
    expect(res.headers.get('access-control-allow-origin')).toBe(spaOrigin);
    expect(listOf(res.headers.get('access-control-allow-methods'))).toContain(method.toLowerCase());
    expect(listOf(res.headers.get('access-control-allow-headers'))).toEqual(expect.arrayContaining(['authorization', 'content-type']));
    expect(listOf(res.headers.get('vary'))).toContain('origin');
    expect(Number(res.headers.get('access-control-max-age'))).toBeGreaterThan(0);
    expectNoCredentials(res);
    expect(await res.text()).toBe('');
  });

  it.each(['https://evil.example.com', 'https://spa.example.com.evil.com', 'http://spa.example.com', 'https://spa.example.com:8443', 'https://SPA.example.com', 'null'])(
    'gives no Access-Control-Allow-Origin to the unregistered origin %s (preflight and actual request)',
    async (origin) => {
      for (const path of ['/token', '/revoke', '/userinfo']) {
        const res = await preflight(path, origin);
        expect(res.status).toBe(204);
        expect(res.headers.get('access-control-allow-origin')).toBeNull();
        expect(res.headers.get('access-control-allow-methods')).toBeNull();
        expectNoCredentials(res);
        // The answer depends on Origin, so shared caches must key on it.
        expect(listOf(res.headers.get('vary'))).toContain('origin');
      }
      const actual = await form('/token', origin, { grant_type: 'refresh_token', refresh_token: 'x', client_id: spa.client.clientId });
      expect(actual.status).toBe(400);
      expect(actual.headers.get('access-control-allow-origin')).toBeNull();
      expectNoCredentials(actual);
    },
  );

  it('answers a preflight without Origin with 204 and no CORS headers', async () => {
    const res = await preflight('/token', undefined);
    expect(res.status).toBe(204);
    expectNoCors(res);
  });

  it('puts the origin on actual responses from a registered origin: the code exchange, userinfo, refresh, revoke', async () => {
    const { access, refresh } = await spaTokens();

    const info = await fetch(`${server.url}/userinfo`, { headers: { Origin: spaOrigin, Authorization: `Bearer ${access}` } });
    expect(info.status).toBe(200);
    expect(info.headers.get('access-control-allow-origin')).toBe(spaOrigin);
    expect(listOf(info.headers.get('vary'))).toContain('origin');
    expectNoCredentials(info);

    const refreshed = await form('/token', spaOrigin, { grant_type: 'refresh_token', refresh_token: refresh, client_id: spa.client.clientId });
    expect(refreshed.status).toBe(200);
    expect(refreshed.headers.get('access-control-allow-origin')).toBe(spaOrigin);
    expectNoCredentials(refreshed);
    const rotated = ((await refreshed.json()) as { refresh_token: string }).refresh_token;

    const revoked = await form('/revoke', spaOrigin, { token: rotated, client_id: spa.client.clientId });
    expect(revoked.status).toBe(200);
    expect(revoked.headers.get('access-control-allow-origin')).toBe(spaOrigin);
    expect(listOf(revoked.headers.get('vary'))).toContain('origin');
    expectNoCredentials(revoked);
  });

  it('lets the registered origin read errors: status, body and the WWW-Authenticate challenge', async () => {
    const bad = await form('/token', spaOrigin, { grant_type: 'refresh_token', refresh_token: 'nope', client_id: spa.client.clientId });
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({ error: 'invalid_grant' });
    expect(bad.headers.get('access-control-allow-origin')).toBe(spaOrigin);

    const unauthorised = await fetch(`${server.url}/userinfo`, { headers: { Origin: spaOrigin } });
    expect(unauthorised.status).toBe(401);
    expect(unauthorised.headers.get('access-control-allow-origin')).toBe(spaOrigin);
    expect(listOf(unauthorised.headers.get('access-control-expose-headers'))).toContain('www-authenticate');
    expectNoCredentials(unauthorised);
  });

  it('applies an origin as soon as a client registers it', async () => {
    const origin = `https://new-${Date.now().toString(36)}.example.com`;
    expect((await preflight('/token', origin)).headers.get('access-control-allow-origin')).toBeNull();
    await registerClient(server.lk, { grantTypes: ['client_credentials'], allowedOrigins: [origin] });
    expect((await preflight('/token', origin)).headers.get('access-control-allow-origin')).toBe(origin);
  });
});

describe('CORS on discovery and the JWKS: any origin, never with credentials', () => {
  it.each(['/.well-known/openid-configuration', '/.well-known/oauth-authorization-server', '/jwks.json'])('%s: preflight and GET from any origin get `*`', async (path) => {
    for (const origin of [spaOrigin, 'https://anyone.example.org', 'null']) {
      const pre = await preflight(path, origin, 'GET');
      expect(pre.status).toBe(204);
      expect(pre.headers.get('access-control-allow-origin')).toBe('*');
      expect(listOf(pre.headers.get('access-control-allow-methods'))).toContain('get');
      expectNoCredentials(pre);

      const get = await fetch(server.url + path, { headers: { Origin: origin } });
      expect(get.status).toBe(200);
      expect(get.headers.get('access-control-allow-origin')).toBe('*');
      expectNoCredentials(get);
      await get.arrayBuffer();
    }
  });
});

describe('no CORS anywhere else', () => {
  it.each([
    ['GET', '/login'],
    ['GET', '/account'],
    ['GET', '/logout'],
    ['GET', '/consent'],
    ['GET', `/authorize?client_id=x&response_type=code`],
    ['OPTIONS', '/login'],
    ['OPTIONS', '/authorize'],
  ])('%s %s carries no CORS header, even for a registered origin', async (method, path) => {
    const res = await fetch(server.url + path, { method, headers: { Origin: spaOrigin, 'Access-Control-Request-Method': 'POST' }, redirect: 'manual' });
    await res.arrayBuffer();
    expectNoCors(res);
  });

  it('POST /login from a registered origin carries no CORS header', async () => {
    const res = await form('/login', spaOrigin, { username: 'u', password: 'p', csrf_token: 'x' });
    await res.arrayBuffer();
    expect(res.status).toBeGreaterThanOrEqual(400);
    expectNoCors(res);
  });

  it('/introspect (confidential clients only) carries no CORS header', async () => {
    const pre = await preflight('/introspect', spaOrigin);
    await pre.arrayBuffer();
    expectNoCors(pre);
    const res = await form('/introspect', spaOrigin, { token: 'x' });
    await res.arrayBuffer();
    expect(res.status).toBe(401);
    expectNoCors(res);
  });
});
