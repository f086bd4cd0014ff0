import { performance } from 'node:perf_hooks';
import { postToken } from '../../generated/sdk.gen.js';
import { testDatabaseUrl } from '../helpers/test-database.js';
import { basicAuth, registerClient, startTestServer, type TestServer } from '../helpers/test-server.js';

/**
 * Client records are cached in each process (issue 9). The stated bound: a deleted client or a rotated
 * secret stops working in every process within 1 s. Two Latchkey instances share one database (a SQLite
 * file through two connections, or MySQL through two pools); one writes, the other is polled until it
 * refuses the old credentials. Runs on SQLite and on MySQL (`npm run test:mysql`).
 */
const boundMs = 1000;
const pollMs = 20;

let writer: TestServer;
let reader: TestServer;

beforeAll(async () => {
  const databaseUrl = testDatabaseUrl();
  writer = await startTestServer({ databaseUrl });
  reader = await startTestServer({ databaseUrl });
});
afterAll(async () => {
  await reader?.close();
  await writer?.close();
});

const token = async (server: TestServer, authorization: string) =>
  (await postToken({ client: server.sdk, body: { grant_type: 'client_credentials' }, headers: { Authorization: authorization } })).response.status;

/** Milliseconds from `since` to the sending of the first request the reader refuses with 401 (Infinity if none within 3 s). */
async function refusedAfter(authorization: string, since: number): Promise<number> {
  while (performance.now() - since < 3 * boundMs) {
    const sentAt = performance.now();
    if ((await token(reader, authorization)) === 401) return sentAt - since;
    await new Promise((resolve) => setTimeout(resolve, pollMs));
  }
  return Number.POSITIVE_INFINITY;
}

/** Client-table queries the reader sends while `work` runs. */
async function clientQueries(work: () => Promise<unknown>): Promise<string[]> {
  const seen: string[] = [];
  const listener = (query: { sql: string }) => {
    if (/\bclients\b/.test(query.sql)) seen.push(query.sql);
  };
  reader.lk.db.on('query', listener);
  try {
    await work();
  } finally {
    reader.lk.db.off('query', listener);
  }
  return seen;
}

describe('the client cache', () => {
  it('authenticates a known client without reading the clients table', async () => {
    const machine = await registerClient(writer.lk);
    expect(await token(reader, machine.basic)).toBe(200);
    expect(await clientQueries(() => token(reader, machine.basic))).toEqual([]);
  });

  it('stops accepting a client deleted by another instance within 1 s', async () => {
    const machine = await registerClient(writer.lk);
    expect(await token(reader, machine.basic)).toBe(200);
    expect(await token(reader, machine.basic)).toBe(200);
    await writer.lk.clients.delete(machine.client.clientId);
    const elapsed = await refusedAfter(machine.basic, performance.now());
    expect(elapsed).toBeLessThan(boundMs);
  });

  it('stops accepting a secret rotated by another instance within 1 s, and accepts the new one', async () => {
    const machine = await registerClient(writer.lk);
    expect(await token(reader, machine.basic)).toBe(200);
    const { clientSecret } = await writer.lk.clients.rotateSecret(machine.client.clientId, 0);
    const elapsed = await refusedAfter(machine.basic, performance.now());
    expect(elapsed).toBeLessThan(boundMs);
    expect(await token(reader, basicAuth(machine.client.clientId, clientSecret ?? ''))).toBe(200);
  });

  it('refuses a client deleted in its own process at once', async () => {
    const machine = await registerClient(reader.lk);
    expect(await token(reader, machine.basic)).toBe(200);
    await reader.lk.clients.delete(machine.client.clientId);
    expect(await token(reader, machine.basic)).toBe(401);
  });
});
