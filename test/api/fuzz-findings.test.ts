import { postToken } from '../../generated/sdk.gen.js';
import { basicAuth, registerClient, startTestServer, type TestServer } from '../helpers/test-server.js';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server.close());

/** Regression tests for what the spec-driven fuzzer (test/fuzz) found. */
describe('fuzzer findings', () => {
  it('matches client_id exactly, also on MySQL (whose default collation ignores case and trailing spaces)', async () => {
    const { client, secret } = await registerClient(server.lk);
    for (const id of [client.clientId.toLowerCase() === client.clientId ? client.clientId.toUpperCase() : client.clientId.toLowerCase(), `${client.clientId} `]) {
      const res = await postToken({ client: server.sdk, body: { grant_type: 'client_credentials' }, headers: { Authorization: basicAuth(id, secret) } });
      expect(res.response.status).toBe(401);
    }
  });

  it('keeps a repeated parameter name out of error_description when it is not printable ASCII', async () => {
    const res = await fetch(`${server.url}/token?%00=1&%00=2`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'grant_type=x' });
    const body = (await res.json()) as { error: string; error_description: string };
    expect(res.status).toBe(400);
    expect(body.error).toBe('invalid_request');
    expect(body.error_description).toMatch(/^[\x20\x21\x23-\x5B\x5D-\x7E]*$/);
  });

  it('answers pages whose query repeats an inherited name such as __proto__ (the repeated values are kept apart)', async () => {
    const home = await fetch(`${server.url}/?__proto__=&__proto__=x`);
    expect(home.status).toBe(200);
    const { client } = await registerClient(server.lk, { grantTypes: ['authorization_code'], redirectUris: ['https://app.example/cb'] });
    const authorize = await fetch(`${server.url}/authorize?client_id=${client.clientId}&__proto__=a&__proto__=b&response_type=code`, { redirect: 'manual' });
    expect(authorize.status).toBe(302);
    expect(new URL(authorize.headers.get('location') ?? '').searchParams.get('error')).toBe('invalid_request');
  });

  it('ignores repeated query parameters on endpoints that take none', async () => {
    for (const path of ['/healthz?a=1&a=2', '/jwks.json?x=%00', '/.well-known/openid-configuration?a=1&a=2']) {
      expect((await fetch(server.url + path)).status).toBe(200);
    }
  });

  it('refuses an over-long state with the error page instead of a redirect no proxy would accept', async () => {
    const { client } = await registerClient(server.lk, { grantTypes: ['authorization_code'], redirectUris: ['https://app.example/cb'] });
    const res = await fetch(`${server.url}/authorize`, {
      method: 'POST',
      redirect: 'manual',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ response_type: 'code', client_id: client.clientId, state: 's'.repeat(3000) }),
    });
    expect(res.status).toBe(400);
    expect(res.headers.get('location')).toBeNull();
    expect(res.headers.get('content-type')).toMatch(/^text\/html/);
  });
});
