/**
 * `npm run bench:soak`: mixed traffic (client-credentials tokens, introspection,
 * GET /data) for a few minutes against two Latchkey processes sharing one MySQL
 * database, loopback only, bounded in time. Reports requests served, errors,
 * p99 and each process's memory after warm-up and at the end; exits 1 when any
 * request failed or memory grew beyond the bound.
 */
import { readFileSync } from 'node:fs';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Child, freePort, startChild, stopAllChildren } from './children.js';
import { measure, type LoadResult } from './load.js';
import { basicAuth, createServerDatabase, dropServerDatabase, formHeaders, generateKek, latchkeyEnv, postForm, serverDatabaseProblem, prepareDatabase } from './setup.js';

const arg = (name: string, fallback: string): string => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? (process.argv[i + 1] ?? fallback) : fallback;
};
const minutes = Number(arg('minutes', '3'));
const connections = Number(arg('connections', '10'));
const mysqlUrl = arg('mysql-url', 'mysql://root@127.0.0.1:3306/latchkey_soak');
/** The stated bound: resident memory may grow by at most this much per process between warm-up and the end. */
const memoryBoundMb = Number(arg('memory-bound-mb', '64'));

function rssMb(child: Child): number {
  const status = readFileSync(`/proc/${child.proc.pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+) kB/.exec(status)?.[1] ?? NaN) / 1024;
}

async function main(): Promise<void> {
  const problem = await serverDatabaseProblem(mysqlUrl);
  if (problem) throw new Error(`MySQL unreachable: ${problem}`);
  await createServerDatabase(mysqlUrl);
  const dataDir = mkdtempSync(join(tmpdir(), 'latchkey-soak-'));
  try {
    const kek = generateKek();
    const [portA, portB] = [await freePort(), await freePort()];
    const envA = latchkeyEnv({ port: portA, databaseUrl: mysqlUrl, kek, dataDir });
    const envB = { ...latchkeyEnv({ port: portB, databaseUrl: mysqlUrl, kek, dataDir }), LATCHKEY_ISSUER: envA.LATCHKEY_ISSUER };
    const { machine } = await prepareDatabase(envA, 0);
    const servers = [await startChild('latchkey A', 'bench/latchkey-server.ts', envA, { core: 0 }), await startChild('latchkey B', 'bench/latchkey-server.ts', envB, { core: 0 })];
    const urls = servers.map((s) => `http://127.0.0.1:${s.port}`);
    const token = String((await postForm(`${urls[0]}/token`, machine, { grant_type: 'client_credentials', scope: 'read' })).access_token);
    const auth = basicAuth(machine);
    const requests = [
      { method: 'POST' as const, path: '/token', headers: { ...formHeaders, authorization: auth }, body: 'grant_type=client_credentials&scope=read' },
      { method: 'POST' as const, path: '/introspect', headers: { ...formHeaders, authorization: auth }, body: `token=${token}` },
      { method: 'GET' as const, path: '/data', headers: { authorization: `Bearer ${token}` } },
    ];
    const load = (durationS: number): Promise<LoadResult[]> => Promise.all(urls.map((url) => measure({ url, requests, connections, durationS })));
    await load(15);
    const before = servers.map(rssMb);
    const results = await load(minutes * 60);
    const after = servers.map(rssMb);
    const served = results.reduce((n, r) => n + r.responses, 0);
    const failed = results.reduce((n, r) => n + r.non2xx + r.errors + r.timeouts, 0);
    const growth = after.map((mb, i) => mb - (before[i] as number));
    console.log(`\n| process | requests | non-2xx + errors | p99 ms | RSS after warm-up MB | RSS at end MB | growth MB |\n|---|---:|---:|---:|---:|---:|---:|`);
    results.forEach((r, i) =>
      console.log(`| ${servers[i]?.name} | ${r.responses} | ${r.non2xx + r.errors + r.timeouts} | ${r.p99} | ${before[i]?.toFixed(0)} | ${after[i]?.toFixed(0)} | ${growth[i]?.toFixed(1)} |`),
    );
    console.log(`\n${minutes} min, ${connections} connections per process, mixed /token, /introspect, /data on MySQL: ${served} requests, ${failed} failed; memory bound ${memoryBoundMb} MB per process.`);
    if (failed > 0 || growth.some((g) => g > memoryBoundMb)) process.exitCode = 1;
  } finally {
    await stopAllChildren();
    await dropServerDatabase(mysqlUrl);
    rmSync(dataDir, { recursive: true, force: true });
  }
}

main().catch(async (error: unknown) => {
  console.error(error);
  await stopAllChildren();
  process.exit(1);
});
