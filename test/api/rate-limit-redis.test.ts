import { randomBytes } from 'node:crypto';
import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { postToken } from '../../generated/sdk.gen.js';
import { onServerDatabase } from '../helpers/test-database.js';
import { basicAuth, registerClient, startTestServer, type TestServer } from '../helpers/test-server.js';

/**
 * The Redis the suite uses; every run writes under its own key prefix. `npm test` needs no service, so these
 * tests run with the services, in `npm run test:mysql` and `npm run test:postgres` (or with LATCHKEY_TEST_REDIS_URL set), where a missing
 * Redis is a failure, not a skip.
 */
const redisUrl = process.env.LATCHKEY_TEST_REDIS_URL ?? (onServerDatabase ? 'redis://127.0.0.1:6379' : undefined);
const describeWithRedis = redisUrl ? describe : describe.skip;

const started: TestServer[] = [];
afterEach(async () => {
  // server.close() closes the Redis connection too (lk.close()).
  for (const server of started.splice(0)) await server.close();
});

async function serverWith(env: Record<string, string>): Promise<TestServer> {
  const server = await startTestServer({ env });
  started.push(server);
  return server;
}

/** A TCP port nothing listens on. */
async function closedPort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as AddressInfo;
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return port;
}

const token = (server: TestServer, authorization: string) =>
  postToken({ client: server.sdk, body: { grant_type: 'client_credentials' }, headers: { Authorization: authorization } });

const warnings = (server: TestServer) => server.logLines.map((line) => JSON.parse(line) as { level: number; msg: string }).filter((l) => l.level === 40);

describeWithRedis('limits shared in Redis (REDIS_URL)', () => {
  it('two servers on one Redis enforce one limit: requests and failures sent to either count together', async () => {
    const env = {
      REDIS_URL: redisUrl as string,
      LATCHKEY_REDIS_PREFIX: `latchkey-test-${randomBytes(6).toString('hex')}:`,
      LATCHKEY_RATE_LIMIT_IP_RPM: '6',
      LATCHKEY_RATE_LIMIT_CLIENT_AUTH_FAILURES: '3',
      LATCHKEY_RATE_LIMIT_FAILURE_WINDOW_S: '60',
    };
    const [a, b] = [await serverWith(env), await serverWith(env)];
    const ghost = basicAuth('shared-ghost-client', 'guess');
    expect((await token(a, ghost)).response.status).toBe(401);
    expect((await token(b, ghost)).response.status).toBe(401);
    expect((await token(a, ghost)).response.status).toBe(401);
    // Three failures for this client id, two on one server and one on the other: both refuse it now.
    expect((await token(b, ghost)).response.status).toBe(429);
    const good = await registerClient(b.lk);
    expect((await token(b, good.basic)).response.status).toBe(200);
    // Requests so far: 5 of 6 per minute from this address. One more passes, then both servers refuse.
    expect((await token(a, basicAuth('another-ghost', 'guess'))).response.status).toBe(401);
    const refusedA = await token(a, good.basic);
    const refusedB = await token(b, good.basic);
    for (const refused of [refusedA, refusedB]) {
      expect(refused.response.status).toBe(429);
      expect(refused.error).toMatchObject({ error: 'temporarily_unavailable', error_description: expect.stringMatching(/^Too many requests/) });
    }
    expect(warnings(a)).toEqual([]);
    expect(warnings(b)).toEqual([]);
  });

  it('with Redis down, keeps serving and limiting in memory, and says so in one warning', async () => {
    const server = await serverWith({ REDIS_URL: `redis://127.0.0.1:${await closedPort()}`, LATCHKEY_RATE_LIMIT_IP_RPM: '3' });
    const { basic } = await registerClient(server.lk);
    for (let i = 0; i < 3; i += 1) expect((await token(server, basic)).response.status).toBe(200);
    const refused = await token(server, basic);
    expect(refused.response.status).toBe(429);
    expect(refused.response.headers.get('retry-after')).toMatch(/^\d+$/);
    // ioredis keeps retrying in the background; the outage is still one line.
    await new Promise((resolve) => setTimeout(resolve, 300));
    const lines = warnings(server);
    expect(lines).toHaveLength(1);
    expect(lines[0]!.msg).toMatch(/^Redis is unreachable: rate limits fall back to counting in this process/);
  });
});
