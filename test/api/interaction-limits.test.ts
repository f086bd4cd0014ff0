import { createBrowser, pkcePair } from '../helpers/browser-flow.js';
import type { BrowserResponse } from '../helpers/browser-flow.js';
import { registerClient, startTestServer, testClock, type TestClient, type TestClock, type TestServer } from '../helpers/test-server.js';

const CB = 'https://app.example.com/cb';
const ttlS = 600;

/** Servers started by a test, closed after it. */
const started: TestServer[] = [];
afterEach(async () => {
  await Promise.all(started.splice(0).map((s) => s.close()));
});

/** A server whose interactions table starts empty (the MySQL test database is shared by the suite, which runs in band). */
async function serverWith(env: Record<string, string>, clock: TestClock = testClock()): Promise<TestServer> {
  const server = await startTestServer({ env: { LATCHKEY_TRUST_PROXY: 'loopback', LATCHKEY_INTERACTION_TTL_S: String(ttlS), ...env }, clock });
  started.push(server);
  await server.lk.db('interactions').delete();
  return server;
}

function codeClient(server: TestServer): Promise<TestClient> {
  return registerClient(server.lk, { grantTypes: ['authorization_code'], scopes: ['openid', 'read'], redirectUris: [CB] });
}

/** GET /authorize from a fresh browser at `address`. */
function authorizeFrom(server: TestServer, client: TestClient, address: string): Promise<BrowserResponse> {
  const params = { response_type: 'code', client_id: client.client.clientId, redirect_uri: CB, state: 'st', scope: 'openid', code_challenge: pkcePair().challenge, code_challenge_method: 'S256' };
  return createBrowser(server.url).get(`/authorize?${new URLSearchParams(params).toString()}`, { 'X-Forwarded-For': address });
}

const loginFrom = (server: TestServer, address: string): Promise<BrowserResponse> => createBrowser(server.url).get('/login', { 'X-Forwarded-For': address });

function expectSignInStarted(res: BrowserResponse): void {
  expect(res.status).toBe(303);
  expect(res.location).toBe('/login');
}

/** RFC 6749 §4.1.2.1: back to the client with `temporarily_unavailable`, `state` and `iss` (RFC 9207). */
function expectTemporarilyUnavailable(server: TestServer, res: BrowserResponse): void {
  expect(res.status).toBe(302);
  const location = new URL(res.location ?? '');
  expect(`${location.origin}${location.pathname}`).toBe(CB);
  expect(Object.fromEntries(location.searchParams)).toEqual({ error: 'temporarily_unavailable', error_description: expect.stringMatching(/^Too many sign-ins are in progress/), state: 'st', iss: server.url });
}

function expectTooManyPage(res: BrowserResponse): void {
  expect(res.status).toBe(429);
  expect(res.headers.get('retry-after')).toMatch(/^\d+$/);
  expect(res.headers.get('content-type')).toMatch(/^text\/html/);
  expect(res.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
}

describe('requests that start a sign-in are rate limited per address', () => {
  it('GET /authorize and GET /login count against the per-address request limit', async () => {
    const server = await serverWith({ LATCHKEY_RATE_LIMIT_IP_RPM: '3' });
    const client = await codeClient(server);
    expectSignInStarted(await authorizeFrom(server, client, '203.0.113.5'));
    expect((await loginFrom(server, '203.0.113.5')).status).toBe(200);
    expectSignInStarted(await authorizeFrom(server, client, '203.0.113.5'));
    expectTooManyPage(await authorizeFrom(server, client, '203.0.113.5'));
    expectTooManyPage(await loginFrom(server, '203.0.113.5'));
    // Another address has its own budget.
    expectSignInStarted(await authorizeFrom(server, client, '198.51.100.9'));
  });
});

describe('pending sign-ins are capped', () => {
  it('per address: past the cap, /authorize answers temporarily_unavailable and the login page 429; other addresses go on', async () => {
    const server = await serverWith({ LATCHKEY_INTERACTIONS_PER_IP: '2' });
    const client = await codeClient(server);
    expectSignInStarted(await authorizeFrom(server, client, '203.0.113.7'));
    expect((await loginFrom(server, '203.0.113.7')).status).toBe(200);
    expectTemporarilyUnavailable(server, await authorizeFrom(server, client, '203.0.113.7'));
    const page = await loginFrom(server, '203.0.113.7');
    expectTooManyPage(page);
    expect(page.headers.get('set-cookie')).toBeNull();
    expectSignInStarted(await authorizeFrom(server, client, '198.51.100.7'));
    expect((await loginFrom(server, '198.51.100.7')).status).toBe(200);
  });

  it('in total: past the cap nobody starts a sign-in until pending ones expire', async () => {
    const clock = testClock();
    const server = await serverWith({ LATCHKEY_INTERACTIONS_MAX: '3' }, clock);
    const client = await codeClient(server);
    expectSignInStarted(await authorizeFrom(server, client, '192.0.2.1'));
    expectSignInStarted(await authorizeFrom(server, client, '192.0.2.2'));
    expect((await loginFrom(server, '192.0.2.3')).status).toBe(200);
    expectTemporarilyUnavailable(server, await authorizeFrom(server, client, '192.0.2.4'));
    expectTooManyPage(await loginFrom(server, '192.0.2.5'));
    // Expired interactions do not count, whether or not the clean-up has removed them yet.
    clock.advance(ttlS * 1000);
    expectSignInStarted(await authorizeFrom(server, client, '192.0.2.4'));
  });

  it('an ongoing sign-in is not refused: the login page of a pending interaction still shows', async () => {
    const server = await serverWith({ LATCHKEY_INTERACTIONS_PER_IP: '1' });
    const client = await codeClient(server);
    const browser = createBrowser(server.url);
    const params = { response_type: 'code', client_id: client.client.clientId, redirect_uri: CB, state: 'st', scope: 'openid', code_challenge: pkcePair().challenge, code_challenge_method: 'S256' };
    expectSignInStarted(await browser.get(`/authorize?${new URLSearchParams(params).toString()}`, { 'X-Forwarded-For': '203.0.113.9' }));
    expect((await browser.get('/login', { 'X-Forwarded-For': '203.0.113.9' })).status).toBe(200);
  });
});
