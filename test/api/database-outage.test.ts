import { getData, postToken } from '../../generated/sdk.gen.js';
import { onServerDatabase, serverDatabasePort } from '../helpers/test-database.js';
import { startTcpProxy, type TcpProxy } from '../helpers/tcp-proxy.js';
import { registerClient, startTestServer, type TestClient, type TestServer } from '../helpers/test-server.js';

// The outage is cut in the TCP path to the database server; the embedded SQLite database has no connection to cut.
const describeOnServerDatabase = onServerDatabase ? describe : describe.skip;

describeOnServerDatabase('database outage (MySQL or PostgreSQL through a TCP proxy the test controls)', () => {
  let proxy: TcpProxy;
  let server: TestServer;
  let client: TestClient;

  beforeAll(async () => {
    const target = new URL(process.env.LATCHKEY_TEST_DATABASE_URL as string);
    proxy = await startTcpProxy(serverDatabasePort(target), target.hostname);
    target.port = String(proxy.port);
    server = await startTestServer({ databaseUrl: target.toString() });
    client = await registerClient(server.lk);
  });
  afterAll(async () => {
    await server.close();
    await proxy.close();
  });

  const token = () => postToken({ client: server.sdk, body: { grant_type: 'client_credentials' }, headers: { Authorization: client.basic } });

  it('answers 503 temporarily_unavailable with Retry-After while the database is down, and recovers by itself', async () => {
    const before = await token();
    expect(before.response.status).toBe(200);

    proxy.cut();
    // The client cache answers for a known client until its last read of the change counter is 1 s old
    // (its stated bound); after that, authenticating the client needs the database.
    const cutAt = Date.now();
    let during = await token();
    while (during.response.status === 200 && Date.now() - cutAt < 1500) during = await token();
    expect(during.response.status).toBe(503);
    expect(during.response.headers.get('retry-after')).toBe('5');
    expect(during.error).toEqual({ error: 'temporarily_unavailable', error_description: 'The service is temporarily unavailable. Retry later.' });
    const data = await getData({ client: server.sdk, headers: { Authorization: `Bearer ${before.data!.access_token}` } });
    expect(data.response.status).toBe(503);
    expect(JSON.stringify(data.error)).not.toMatch(/ECONN|stack|at /);

    proxy.restore();
    let recovered = 0;
    for (let i = 0; i < 10 && recovered !== 200; i++) recovered = (await token()).response.status;
    expect(recovered).toBe(200);
  }, 60_000);
});
