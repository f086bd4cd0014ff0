import { randomBytes } from 'node:crypto';
import { loadConfig } from '../../src/config/index.js';
import { startTestServer, type TestServer } from '../helpers/test-server.js';

/**
 * Swagger UI and the contract (LATCHKEY_DOCS): on by default except in production; when on, served under
 * their own strict Content-Security-Policy; when off, both answer 404 and the metadata does not point at them.
 */

const policy = (value: string | null): Record<string, string> =>
  Object.fromEntries((value ?? '').split(';').map((d) => d.trim().split(/\s+/)).filter((d) => d[0]).map(([name, ...sources]) => [name!, sources.join(' ')]));

describe('LATCHKEY_DOCS', () => {
  const kek = randomBytes(32).toString('base64');
  const production = { NODE_ENV: 'production', LATCHKEY_ISSUER: 'https://id.example.com', LATCHKEY_KEK: kek };

  it('is off by default in production and on in development and tests', () => {
    expect(loadConfig(production).docs).toBe(false);
    expect(loadConfig({ NODE_ENV: 'development' }).docs).toBe(true);
    expect(loadConfig({ NODE_ENV: 'test' }).docs).toBe(true);
  });

  it('can be switched on in production and off in development', () => {
    expect(loadConfig({ ...production, LATCHKEY_DOCS: 'on' }).docs).toBe(true);
    expect(loadConfig({ NODE_ENV: 'development', LATCHKEY_DOCS: 'off' }).docs).toBe(false);
    expect(() => loadConfig({ LATCHKEY_DOCS: 'maybe' })).toThrow(/LATCHKEY_DOCS/);
  });
});

describe('with docs on', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ env: { LATCHKEY_DOCS: 'on' } });
  });
  afterAll(() => server.close());

  it.each([['/docs/'], ['/docs/swagger-ui-init.js'], ['/docs/swagger-ui-bundle.js'], ['/docs/swagger-ui.css'], ['/docs/oauth2-redirect.html']])(
    'serves %s under Swagger UI’s own strict policy',
    async (path) => {
      const res = await fetch(server.url + path);
      await res.arrayBuffer();
      expect(res.status).toBe(200);
      expect(policy(res.headers.get('content-security-policy'))).toEqual({
        'default-src': "'none'",
        'script-src': "'self'",
        'style-src': "'self' 'unsafe-inline'",
        'img-src': "'self' data:",
        'connect-src': "'self'",
        'form-action': "'none'",
        'base-uri': "'none'",
        'frame-ancestors': "'none'",
      });
      expect(res.headers.get('x-content-type-options')).toBe('nosniff');
      expect(res.headers.get('referrer-policy')).toBe('no-referrer');
    },
  );

  it('serves /openapi.yaml as a document that can run nothing and be framed nowhere', async () => {
    const res = await fetch(`${server.url}/openapi.yaml`);
    expect(res.status).toBe(200);
    expect(policy(res.headers.get('content-security-policy'))).toEqual({ 'default-src': "'none'", 'frame-ancestors': "'none'" });
  });

  it('gives Swagger UI the derived spec: a flat token form with one example per grant, flows at the issuer', async () => {
    const init = await (await fetch(`${server.url}/docs/swagger-ui-init.js`)).text();
    const doc = JSON.parse(/"swaggerDoc":\s*(\{[\s\S]*?\}),\s*"customOptions"/.exec(init)![1]!) as {
      paths: { '/token': { post: { requestBody: { content: Record<string, { schema: Record<string, unknown>; examples: Record<string, { value: Record<string, string> }> }> } } } };
      components: { securitySchemes: { oauth2: { flows: { clientCredentials: { tokenUrl: string }; authorizationCode: { authorizationUrl: string } } } } };
    };
    const media = doc.paths['/token'].post.requestBody.content['application/x-www-form-urlencoded']!;
    expect(media.schema).toMatchObject({ type: 'object', required: ['grant_type'], properties: { grant_type: { enum: expect.arrayContaining(['client_credentials', 'password']) } } });
    expect(media.schema.oneOf).toBeUndefined();
    expect(Object.keys(media.examples).sort()).toEqual(['authorization_code', 'client_credentials', 'password', 'refresh_token']);
    expect(media.examples.client_credentials!.value).toEqual({ grant_type: 'client_credentials', scope: 'read' });
    expect(doc.components.securitySchemes.oauth2.flows.clientCredentials.tokenUrl).toBe(`${server.url}/token`);
    expect(doc.components.securitySchemes.oauth2.flows.authorizationCode.authorizationUrl).toBe(`${server.url}/authorize`);
  });

  it('names /docs as the service documentation', async () => {
    const metadata = (await (await fetch(`${server.url}/.well-known/oauth-authorization-server`)).json()) as Record<string, unknown>;
    expect(metadata.service_documentation).toBe(`${server.url}/docs`);
  });
});

describe('with docs off', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ env: { LATCHKEY_DOCS: 'off' } });
  });
  afterAll(() => server.close());

  it.each([['/docs'], ['/docs/'], ['/docs/swagger-ui-init.js'], ['/docs/swagger-ui-bundle.js'], ['/openapi.yaml']])('answers 404 at %s', async (path) => {
    const res = await fetch(server.url + path, { redirect: 'manual' });
    const text = await res.text();
    expect(res.status).toBe(404);
    expect(text).not.toMatch(/swagger|openapi: 3/i);
  });

  it('names no service documentation in the metadata', async () => {
    for (const path of ['/.well-known/oauth-authorization-server', '/.well-known/openid-configuration']) {
      const metadata = (await (await fetch(server.url + path)).json()) as Record<string, unknown>;
      expect(metadata).not.toHaveProperty('service_documentation');
    }
  });
});
