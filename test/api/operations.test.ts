import { getHealth, getMetrics, getReadiness, postToken } from '../../generated/sdk.gen.js';
import { basicAuth, registerClient, startTestServer } from '../helpers/test-server.js';

const metricsToken = 'm'.repeat(40);

describe('health and readiness', () => {
  it('answers /healthz and /readyz while everything works', async () => {
    const server = await startTestServer();
    try {
      expect((await getHealth({ client: server.sdk })).data).toEqual({ status: 'ok' });
      const ready = await getReadiness({ client: server.sdk });
      expect(ready.response.status).toBe(200);
      expect(ready.data).toEqual({ status: 'ready', checks: { database: 'ok', keys: 'ok' } });
    } finally {
      await server.close();
    }
  });

  it('answers /readyz 503 with Retry-After when the database is gone, while /healthz stays 200', async () => {
    const server = await startTestServer();
    await server.lk.db.destroy();
    try {
      const ready = await getReadiness({ client: server.sdk });
      expect(ready.response.status).toBe(503);
      expect(ready.response.headers.get('retry-after')).toBe('5');
      expect(ready.error).toEqual({ status: 'unavailable', checks: { database: 'failing', keys: 'ok' } });
      expect((await getHealth({ client: server.sdk })).response.status).toBe(200);
    } finally {
      await server.close().catch(() => undefined);
    }
  });
});

describe('GET /metrics', () => {
  it('is off by default (404)', async () => {
    const server = await startTestServer();
    try {
      const res = await getMetrics({ client: server.sdk });
      expect(res.response.status).toBe(404);
      expect(res.error).toMatchObject({ error: 'invalid_request' });
    } finally {
      await server.close();
    }
  });

  it('requires the metrics token when LATCHKEY_METRICS=token, and then reports requests, tokens by grant and errors by code', async () => {
    const server = await startTestServer({ env: { LATCHKEY_METRICS: 'token', LATCHKEY_METRICS_TOKEN: metricsToken } });
    try {
      for (const headers of [undefined, { Authorization: 'Bearer wrong-token' }]) {
        const denied = await getMetrics({ client: server.sdk, headers });
        expect(denied.response.status).toBe(401);
        expect(denied.response.headers.get('www-authenticate')).toMatch(/^Bearer realm="latchkey", error="invalid_token"/);
      }
      const { client, basic } = await registerClient(server.lk);
      await postToken({ client: server.sdk, body: { grant_type: 'client_credentials' }, headers: { Authorization: basic } });
      await postToken({ client: server.sdk, body: { grant_type: 'client_credentials' }, headers: { Authorization: basicAuth(client.clientId, 'wrong') } });
      const res = await fetch(`${server.url}/metrics`, { headers: { Authorization: `Bearer ${metricsToken}` } });
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toMatch(/^text\/plain/);
      const text = await res.text();
      expect(text).toMatch(/latchkey_http_requests_total\{operation="POST \/token",status="200"\} 1/);
      expect(text).toMatch(/latchkey_tokens_issued_total\{grant_type="client_credentials"\} 1/);
      expect(text).toMatch(/latchkey_oauth_errors_total\{error="invalid_client"\} [1-9]/);
      expect(text).toMatch(/latchkey_http_request_duration_seconds_bucket\{le="0.1",operation="POST \/token"\}/);
      expect(text).toMatch(/latchkey_db_pool_connections\{state="used"\}/);
    } finally {
      await server.close();
    }
  });

  it('reports the audit rows waiting to be written and the rows dropped', async () => {
    // A flush interval longer than the test, so the rows wait until flushed by hand.
    const server = await startTestServer({ env: { LATCHKEY_METRICS: 'public', LATCHKEY_AUDIT_FLUSH_MS: '10000' } });
    try {
      const metric = async (name: string) => {
        const text = await (await fetch(`${server.url}/metrics`)).text();
        return Number(new RegExp(`^${name} (\\d+)$`, 'm').exec(text)?.[1]);
      };
      const { basic } = await registerClient(server.lk);
      await postToken({ client: server.sdk, body: { grant_type: 'client_credentials' }, headers: { Authorization: basic } });
      expect(await metric('latchkey_audit_backlog')).toBe(2);
      await server.lk.auditor.flush();
      expect(await metric('latchkey_audit_backlog')).toBe(0);
      expect(await metric('latchkey_audit_events_dropped_total')).toBe(0);
    } finally {
      await server.close();
    }
  });

  it('is open only when LATCHKEY_METRICS=public is chosen', async () => {
    const server = await startTestServer({ env: { LATCHKEY_METRICS: 'public' } });
    try {
      expect((await fetch(`${server.url}/metrics`)).status).toBe(200);
    } finally {
      await server.close();
    }
  });
});

describe('transport security headers', () => {
  it('sends Strict-Transport-Security behind an https issuer, on API answers and pages alike, and not on plain http', async () => {
    const secure = await startTestServer({ env: { LATCHKEY_ISSUER: 'https://auth.example.test' } });
    const plain = await startTestServer();
    try {
      for (const path of ['/healthz', '/login', '/no-such-path', '/docs/']) {
        const res = await fetch(secure.url + path);
        expect({ path, hsts: res.headers.get('strict-transport-security') }).toEqual({ path, hsts: 'max-age=31536000; includeSubDomains' });
        expect(res.headers.get('x-content-type-options')).toBe('nosniff');
        expect(res.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
        expect(res.headers.get('referrer-policy')).toBe('no-referrer');
      }
      expect((await fetch(`${plain.url}/healthz`)).headers.get('strict-transport-security')).toBeNull();
    } finally {
      await secure.close();
      await plain.close();
    }
  });
});
