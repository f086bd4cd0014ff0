import { postIntrospect, postRevoke, postToken } from '../../generated/sdk.gen.js';
import { createBrowser, csrfFrom } from '../helpers/browser-flow.js';
import { basicAuth, recentAuditEvents, registerClient, startTestServer, type TestClient, type TestServer } from '../helpers/test-server.js';

/** Servers started by a test, closed after it. */
const started: TestServer[] = [];
afterEach(async () => {
  await Promise.all(started.splice(0).map((s) => s.close()));
});

async function serverWith(env: Record<string, string>): Promise<TestServer> {
  const server = await startTestServer({ env });
  started.push(server);
  return server;
}

type Answer = { response: Response; error?: unknown };

const token = (server: TestServer, authorization: string, headers: Record<string, string> = {}) =>
  postToken({ client: server.sdk, body: { grant_type: 'client_credentials' }, headers: { Authorization: authorization, ...headers } });

/** 429, `Retry-After` a whole number of seconds in (0, max], and the RFC 6749 error body. */
function expectRateLimited(res: Answer, maxRetryAfterS: number, description: RegExp): void {
  expect(res.response.status).toBe(429);
  const retryAfter = res.response.headers.get('retry-after') ?? '';
  expect(retryAfter).toMatch(/^\d+$/);
  expect(Number(retryAfter)).toBeGreaterThan(0);
  expect(Number(retryAfter)).toBeLessThanOrEqual(maxRetryAfterS);
  expect(res.response.headers.get('cache-control')).toBe('no-store');
  expect(res.error).toEqual({ error: 'temporarily_unavailable', error_description: expect.stringMatching(description) });
}

const failures = /^Too many failed client authentications\. Retry after \d+ seconds\.$/;
const requests = /^Too many requests\. Retry after \d+ seconds\.$/;

describe('failed client authentications (per client and address, and per address)', () => {
  const env = { LATCHKEY_RATE_LIMIT_CLIENT_AUTH_FAILURES: '3', LATCHKEY_RATE_LIMIT_IP_AUTH_FAILURES: '5' };

  it('refuses a client from an address after its limit of failures there, even with the right secret, at every client endpoint; other clients go on', async () => {
    const server = await serverWith(env);
    const a = await registerClient(server.lk);
    const b = await registerClient(server.lk);
    for (let i = 0; i < 3; i += 1) {
      const wrong = await token(server, basicAuth(a.client.clientId, 'wrong secret'));
      expect(wrong.response.status).toBe(401);
    }
    expectRateLimited(await token(server, a.basic), 900, failures);
    expectRateLimited(await postIntrospect({ client: server.sdk, body: { token: 'x' }, headers: { Authorization: a.basic } }), 900, failures);
    expectRateLimited(await postRevoke({ client: server.sdk, body: { token: 'x' }, headers: { Authorization: a.basic } }), 900, failures);
    // The same address, another client: 3 failures are under the per-address limit of 5.
    expect((await token(server, b.basic)).response.status).toBe(200);
  });

  it('refuses every client from an address after the per-address limit, whatever client ids the failures named', async () => {
    const server = await serverWith(env);
    const good = await registerClient(server.lk);
    for (let i = 0; i < 5; i += 1) {
      expect((await token(server, basicAuth(`no-such-client-${i}`, 'guess'))).response.status).toBe(401);
    }
    expectRateLimited(await token(server, good.basic), 900, failures);
  });

  it('counts public clients (client_id only) and malformed credentials as failures too', async () => {
    const server = await serverWith(env);
    const confidential = await registerClient(server.lk);
    // A confidential client presented without a secret is a failed authentication (wrong method).
    for (let i = 0; i < 3; i += 1) {
      const res = await postRevoke({ client: server.sdk, body: { token: 'x', client_id: confidential.client.clientId } });
      expect(res.response.status).toBe(401);
    }
    expectRateLimited(await token(server, confidential.basic), 900, failures);
    for (let i = 0; i < 2; i += 1) expect((await token(server, 'Basic !!!')).response.status).toBe(401);
    expectRateLimited(await token(server, (await registerClient(server.lk)).basic), 900, failures);
  });

  it('lets the client in again once the window is over', async () => {
    const server = await serverWith({ LATCHKEY_RATE_LIMIT_CLIENT_AUTH_FAILURES: '1', LATCHKEY_RATE_LIMIT_FAILURE_WINDOW_S: '1' });
    const { client, basic } = await registerClient(server.lk);
    expect((await token(server, basicAuth(client.clientId, 'wrong'))).response.status).toBe(401);
    const refused = await token(server, basic);
    expectRateLimited(refused, 1, failures);
    await new Promise((resolve) => setTimeout(resolve, 1100));
    expect((await token(server, basic)).response.status).toBe(200);
  });

  it('does not count successful authentications, however many', async () => {
    const server = await serverWith(env);
    const { basic } = await registerClient(server.lk);
    for (let i = 0; i < 8; i += 1) expect((await token(server, basic)).response.status).toBe(200);
  });
});

describe('traffic per address and per client (requests per minute)', () => {
  it('refuses the request after the per-address limit, across /token, /introspect, /revoke and GET and POST /login', async () => {
    // GET /login counts too: it starts a sign-in (see interaction-limits.test.ts).
    const server = await serverWith({ LATCHKEY_RATE_LIMIT_IP_RPM: '5' });
    const { basic } = await registerClient(server.lk);
    const browser = createBrowser(server.url);
    const form = await browser.get('/login');
    expect((await token(server, basic)).response.status).toBe(200);
    expect((await postIntrospect({ client: server.sdk, body: { token: 'x' }, headers: { Authorization: basic } })).response.status).toBe(200);
    expect((await postRevoke({ client: server.sdk, body: { token: 'x' }, headers: { Authorization: basic } })).response.status).toBe(200);
    expect((await browser.post('/login', { username: 'someone', password: 'wrong password', csrf_token: csrfFrom(form.html) })).status).toBe(200);
    expectRateLimited(await token(server, basic), 60, requests);
    const page = await browser.post('/login', { username: 'someone', password: 'wrong password', csrf_token: csrfFrom(form.html) });
    expect(page.status).toBe(429);
    expect(page.headers.get('retry-after')).toMatch(/^\d+$/);
    expect(page.headers.get('content-type')).toMatch(/^text\/html/);
    expect(page.html).toContain('<h1>Too many sign-in attempts</h1>');
  });

  it('refuses a client after the per-client limit while other clients from the same address go on', async () => {
    const server = await serverWith({ LATCHKEY_RATE_LIMIT_CLIENT_RPM: '3' });
    const a = await registerClient(server.lk);
    const b = await registerClient(server.lk);
    for (let i = 0; i < 3; i += 1) expect((await token(server, a.basic)).response.status).toBe(200);
    expectRateLimited(await token(server, a.basic), 60, requests);
    expect((await token(server, b.basic)).response.status).toBe(200);
  });

  it('LATCHKEY_RATE_LIMITS=off switches every limit off', async () => {
    const server = await serverWith({ LATCHKEY_RATE_LIMITS: 'off', LATCHKEY_RATE_LIMIT_IP_RPM: '1', LATCHKEY_RATE_LIMIT_CLIENT_AUTH_FAILURES: '1' });
    const { client, basic } = await registerClient(server.lk);
    for (let i = 0; i < 3; i += 1) expect((await token(server, basicAuth(client.clientId, 'wrong'))).response.status).toBe(401);
    expect((await token(server, basic)).response.status).toBe(200);
  });
});

describe('X-Forwarded-For and LATCHKEY_TRUST_PROXY', () => {
  const env = { LATCHKEY_RATE_LIMIT_IP_AUTH_FAILURES: '3', LATCHKEY_RATE_LIMIT_CLIENT_AUTH_FAILURES: '100' };

  async function failFrom(server: TestServer, addresses: string[]): Promise<void> {
    for (const address of addresses) {
      const res = await token(server, basicAuth('no-such-client', 'guess'), { 'X-Forwarded-For': address });
      expect(res.response.status).toBe(401);
    }
  }

  it('off (the default): rotating X-Forwarded-For addresses does not reset the per-address limit', async () => {
    const server = await serverWith(env);
    const good: TestClient = await registerClient(server.lk);
    await failFrom(server, ['203.0.113.1', '203.0.113.2', '203.0.113.3']);
    expectRateLimited(await token(server, good.basic, { 'X-Forwarded-For': '203.0.113.4' }), 900, failures);
    const audited = await recentAuditEvents(server, 10, 'client.authentication_failed');
    expect(audited.map((e) => e.ip)).not.toContain('203.0.113.1');
  });

  it('naming the proxy: the forwarded address is the client, counted on its own', async () => {
    const server = await serverWith({ ...env, LATCHKEY_TRUST_PROXY: 'loopback' });
    const good = await registerClient(server.lk);
    await failFrom(server, ['203.0.113.1', '203.0.113.1', '203.0.113.1', '198.51.100.7']);
    expectRateLimited(await token(server, good.basic, { 'X-Forwarded-For': '203.0.113.1' }), 900, failures);
    expect((await token(server, good.basic, { 'X-Forwarded-For': '198.51.100.7' })).response.status).toBe(200);
    const audited = await recentAuditEvents(server, 10, 'client.authentication_failed');
    expect(audited.map((e) => e.ip)).toContain('198.51.100.7');
  });

  it('a hop count trusts that many proxies: the address one hop before the nearest proxy counts', async () => {
    const server = await serverWith({ ...env, LATCHKEY_TRUST_PROXY: '1' });
    const good = await registerClient(server.lk);
    // With one trusted hop, only the right-most forwarded address counts; a spoofed left part changes nothing.
    await failFrom(server, ['10.9.9.1, 192.0.2.5', '10.9.9.2, 192.0.2.5', '10.9.9.3, 192.0.2.5']);
    expectRateLimited(await token(server, good.basic, { 'X-Forwarded-For': '10.9.9.4, 192.0.2.5' }), 900, failures);
  });
});

describe('a stranger failing under a real client id (denial of service)', () => {
  const victimAddress = '198.51.100.7';
  const strangerAddress = '203.0.113.66';
  const from = (address: string) => ({ 'X-Forwarded-For': address });

  it("the stranger's 100 failures do not stop the real client, and the stranger is limited", async () => {
    const server = await serverWith({ LATCHKEY_TRUST_PROXY: 'loopback', LATCHKEY_METRICS: 'public' });
    const victim = await registerClient(server.lk);
    const statuses: number[] = [];
    let lastRefusal: Answer | undefined;
    for (let i = 0; i < 100; i += 1) {
      const res = await token(server, basicAuth(victim.client.clientId, `guess ${i}`), from(strangerAddress));
      statuses.push(res.response.status);
      if (res.response.status === 429) lastRefusal = res;
    }
    // The default limit of 20 failures per (client, address) blocks the stranger's address for this client.
    expect(statuses.filter((s) => s === 401)).toHaveLength(20);
    expect(statuses.filter((s) => s === 429)).toHaveLength(80);
    expectRateLimited(lastRefusal as Answer, 900, failures);
    expectRateLimited(await token(server, victim.basic, from(strangerAddress)), 900, failures);
    // The real client, from its own address, is not affected.
    expect((await token(server, victim.basic, from(victimAddress))).response.status).toBe(200);
    expect((await postIntrospect({ client: server.sdk, body: { token: 'x' }, headers: { Authorization: victim.basic, ...from(victimAddress) } })).response.status).toBe(200);
    // The failures per client are audited and counted in the metrics, labelled only with registered client ids.
    const audited = await recentAuditEvents(server, 30, 'client.authentication_failed');
    expect(audited.filter((e) => e.clientId === victim.client.clientId && e.ip === strangerAddress)).toHaveLength(20);
    await token(server, basicAuth('no-such-client', 'guess'), from('192.0.2.1'));
    const metrics = await (await fetch(`${server.url}/metrics`)).text();
    expect(metrics).toContain(`latchkey_client_authentication_failures_total{client_id="${victim.client.clientId}",reason="wrong_secret"} 20`);
    expect(metrics).toContain('latchkey_client_authentication_failures_total{client_id="",reason="unknown_client"} 1');
  });

  it("the stranger's failures do not use up the real client's requests per minute", async () => {
    const server = await serverWith({ LATCHKEY_TRUST_PROXY: 'loopback', LATCHKEY_RATE_LIMIT_CLIENT_RPM: '3' });
    const victim = await registerClient(server.lk);
    for (let i = 0; i < 10; i += 1) {
      expect((await token(server, basicAuth(victim.client.clientId, 'guess'), from(strangerAddress))).response.status).toBe(401);
    }
    for (let i = 0; i < 3; i += 1) expect((await token(server, victim.basic, from(victimAddress))).response.status).toBe(200);
    expectRateLimited(await token(server, victim.basic, from(victimAddress)), 60, requests);
  });
});
