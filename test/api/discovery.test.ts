import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createLocalJWKSet, jwtVerify } from 'jose';
import { parse } from 'yaml';
import { getAuthorizationServerMetadata, getJwks, postToken } from '../../generated/sdk.gen.js';
import type { AuthorizationServerMetadata } from '../../generated/types.gen.js';
import { registerClient, startTestServer, type TestServer } from '../helpers/test-server.js';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server.close());

async function metadata(): Promise<{ body: AuthorizationServerMetadata; headers: Headers }> {
  const res = await getAuthorizationServerMetadata({ client: server.sdk });
  expect(res.response.status).toBe(200);
  return { body: res.data!, headers: res.response.headers };
}

describe('authorization server metadata (RFC 8414)', () => {
  it('names the issuer exactly as the server URL and puts every endpoint under it', async () => {
    const { body, headers } = await metadata();
    expect(headers.get('content-type')).toMatch(/^application\/json\b/);
    // RFC 8414 §3.3: the issuer MUST be identical to the issuer identifier the metadata was requested for.
    expect(body.issuer).toBe(server.url);
    expect(body.token_endpoint).toBe(`${server.url}/token`);
    expect(body.jwks_uri).toBe(`${server.url}/jwks.json`);
    expect(body.revocation_endpoint).toBe(`${server.url}/revoke`);
    expect(body.introspection_endpoint).toBe(`${server.url}/introspect`);
    for (const [name, value] of Object.entries(body)) {
      if (name.endsWith('_endpoint') || name.endsWith('_uri') || name === 'service_documentation') {
        expect(String(value).startsWith(`${server.url}/`)).toBe(true);
      }
    }
  });

  it('advertises exactly the supported grants, response types, client authentication methods and scopes', async () => {
    const { body } = await metadata();
    expect([...body.grant_types_supported].sort()).toEqual(['authorization_code', 'client_credentials', 'implicit', 'password', 'refresh_token', 'urn:ietf:params:oauth:grant-type:token-exchange']);
    expect([...(body.token_endpoint_auth_methods_supported ?? [])].sort()).toEqual(['client_secret_basic', 'client_secret_post', 'none']);
    expect([...(body.revocation_endpoint_auth_methods_supported ?? [])].sort()).toEqual(['client_secret_basic', 'client_secret_post', 'none']);
    // RFC 7662 §2.1: introspection requires client authentication, so `none` is not offered.
    expect([...(body.introspection_endpoint_auth_methods_supported ?? [])].sort()).toEqual(['client_secret_basic', 'client_secret_post']);
    expect(body.scopes_supported).toEqual(expect.arrayContaining(['read', 'write', 'openid', 'profile', 'email', 'offline_access']));
    expect(body.response_types_supported).toEqual(['code', 'token', 'id_token token']);
    expect(body.response_modes_supported).toEqual(['query', 'fragment', 'form_post']);
    // RFC 7636 / RFC 9700 §2.1.1: plain is not offered.
    expect(body.code_challenge_methods_supported).toEqual(['S256']);
    expect(body.authorization_response_iss_parameter_supported).toBe(true);
    expect(body.authorization_endpoint).toBe(`${server.url}/authorize`);
  });

  it('advertises no URL that 404s', async () => {
    const { body } = await metadata();
    const postEndpoints = new Set(['token_endpoint', 'revocation_endpoint', 'introspection_endpoint']);
    const urls = Object.entries(body).filter(([name]) => name.endsWith('_endpoint') || name.endsWith('_uri') || name === 'service_documentation');
    expect(urls.length).toBeGreaterThanOrEqual(5);
    for (const [name, url] of urls) {
      const res = postEndpoints.has(name)
        ? await fetch(String(url), { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: '' })
        : await fetch(String(url));
      await res.arrayBuffer();
      // An empty form is refused (400, or 401 for the missing client authentication), but the endpoint exists.
      // The authorization endpoint shows an error page for a request without a client; logout shows its page.
      const expected = postEndpoints.has(name) ? [400, 401] : name === 'authorization_endpoint' ? [400] : name === 'userinfo_endpoint' ? [401] : [200];
      expect({ name, status: res.status, ok: expected.includes(res.status) }).toEqual({ name, status: res.status, ok: true });
    }
  });

  it.each([
    ['metadata', '/.well-known/oauth-authorization-server'],
    ['JWKS', '/jwks.json'],
  ])('lets the %s document be cached publicly for 300 s by default', async (_label, path) => {
    const res = await fetch(server.url + path);
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('public, max-age=300');
    // The token endpoints' `Pragma: no-cache` default is removed for cacheable documents.
    expect(res.headers.get('pragma')).toBeNull();
  });

  it('takes max-age from LATCHKEY_JWKS_MAX_AGE_S', async () => {
    const other = await startTestServer({ env: { LATCHKEY_JWKS_MAX_AGE_S: '42' } });
    try {
      for (const path of ['/.well-known/oauth-authorization-server', '/jwks.json']) {
        const res = await fetch(other.url + path);
        expect(res.status).toBe(200);
        expect(res.headers.get('cache-control')).toBe('public, max-age=42');
      }
    } finally {
      await other.close();
    }
  });
});

describe('JWKS (RFC 7517)', () => {
  const privateMembers = ['d', 'p', 'q', 'dp', 'dq', 'qi', 'oth', 'k'];

  it('publishes an ES256 P-256 key and an RS256 key, for signatures, without private members', async () => {
    const res = await getJwks({ client: server.sdk });
    expect(res.response.status).toBe(200);
    const keys = res.data!.keys as Record<string, unknown>[];
    const ec = keys.find((k) => k.alg === 'ES256');
    const rsa = keys.find((k) => k.alg === 'RS256');
    expect(ec).toMatchObject({ kty: 'EC', crv: 'P-256', use: 'sig', kid: expect.any(String), x: expect.any(String), y: expect.any(String) });
    expect(rsa).toMatchObject({ kty: 'RSA', use: 'sig', kid: expect.any(String), n: expect.any(String), e: 'AQAB' });
    expect(Buffer.from(String(rsa!.n), 'base64url').length).toBeGreaterThanOrEqual(256);
    for (const key of keys) {
      expect(key).toMatchObject({ kid: expect.any(String), alg: expect.stringMatching(/^(ES256|RS256)$/), use: 'sig' });
      for (const member of privateMembers) expect(key).not.toHaveProperty(member);
    }
    const kids = keys.map((k) => k.kid);
    expect(new Set(kids).size).toBe(kids.length);
    // The raw text too: no private member hides under another spelling.
    const text = await (await fetch(`${server.url}/jwks.json`)).text();
    expect(text).not.toMatch(/"(d|p|q|dp|dq|qi)"\s*:/);
  });

  it('verifies access tokens the server issues', async () => {
    const { basic } = await registerClient(server.lk);
    const token = await postToken({ client: server.sdk, body: { grant_type: 'client_credentials' }, headers: { Authorization: basic } });
    const jwks = await getJwks({ client: server.sdk });
    const { payload, protectedHeader } = await jwtVerify(token.data!.access_token, createLocalJWKSet(jwks.data! as never), {
      issuer: server.url,
      audience: server.url,
      typ: 'at+jwt',
      algorithms: ['ES256'],
    });
    expect(protectedHeader.alg).toBe('ES256');
    expect(payload.client_id).toBeDefined();
  });
});

describe('the contract and its documentation', () => {
  it('serves /openapi.yaml as YAML, identical to the file but for the issuer in the oauth2 flows', async () => {
    const res = await fetch(`${server.url}/openapi.yaml`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^application\/yaml\b/);
    const text = await res.text();
    expect(text).toBe(readFileSync(join(__dirname, '..', '..', 'openapi.yaml'), 'utf8').replaceAll('http://localhost:3000/', `${server.url}/`));
    expect(parse(text)).toMatchObject({ openapi: expect.stringMatching(/^3\.1\./), info: { title: 'Latchkey' } });
  });

  it('serves Swagger UI at /docs/ with only local scripts and stylesheets', async () => {
    const res = await fetch(`${server.url}/docs/`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/html\b/);
    const html = await res.text();
    expect(html).toMatch(/swagger-ui/i);
    const scripts = [...html.matchAll(/<script\b[^>]*\bsrc\s*=\s*["']([^"']+)["']/gi)].map((m) => m[1] as string);
    const styles = [...html.matchAll(/<link\b[^>]*\bhref\s*=\s*["']([^"']+)["']/gi)].map((m) => m[1] as string);
    const imports = [...html.matchAll(/@import\s+(?:url\()?["']?([^"')\s]+)/gi)].map((m) => m[1] as string);
    expect(scripts.length).toBeGreaterThan(0);
    for (const url of [...scripts, ...styles, ...imports]) {
      expect(url).not.toMatch(/^(https?:)?\/\//i);
      const asset = await fetch(new URL(url, `${server.url}/docs/`));
      await asset.arrayBuffer();
      expect({ url, status: asset.status }).toEqual({ url, status: 200 });
    }
  });

  it('redirects /docs (the advertised service_documentation) to /docs/', async () => {
    const res = await fetch(`${server.url}/docs`, { redirect: 'manual' });
    expect(res.status).toBe(301);
    expect(res.headers.get('location')).toBe('/docs/');
  });
});

describe('X-Content-Type-Options: nosniff', () => {
  it.each([
    ['GET', '/.well-known/oauth-authorization-server'],
    ['GET', '/jwks.json'],
    ['POST', '/token'],
    ['POST', '/revoke'],
    ['POST', '/introspect'],
    ['GET', '/data'],
    ['GET', '/users/me'],
    ['GET', '/token'],
    ['GET', '/no-such-path'],
    ['GET', '/docs'],
  ])('is sent on %s %s', async (method, path) => {
    const res = await fetch(server.url + path, {
      method,
      redirect: 'manual',
      ...(method === 'POST' ? { headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'token=x' } : {}),
    });
    await res.arrayBuffer();
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
  });

  it.each([['/openapi.yaml'], ['/docs/'], ['/docs/swagger-ui-bundle.js'], ['/docs/swagger-ui-init.js']])('is sent on GET %s', async (path) => {
    const res = await fetch(server.url + path);
    await res.arrayBuffer();
    expect(res.status).toBe(200);
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
  });
});
