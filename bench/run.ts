// `npm run bench [-- flags]`: Latchkey under production settings on SQLite, MySQL, then PostgreSQL,
// against oidc-provider (client credentials, introspection, authorization-code redemption with
// and without an ID token) and a bare Express+jose route (GET /data). Prints one markdown table
// and writes it to bench/results/latest.md (latest-partial.md for runs with --only, --no-peers,
// --cpu-prof or --sqlite-only).
//
// Each peer is measured right after the Latchkey run it is compared with (all servers stay up,
// idle when not under load), so background load on a shared machine hits both alike.
//
// Flags:
//   --duration N       seconds per measured run (default 10)
//   --connections N    concurrent connections (default 20)
//   --warmup N         seconds of unmeasured load on each server before each scenario (default 2; 0: none)
//   --rounds N         alternate Latchkey and peer N times and report medians (default 3)
//   --refresh-pool N   pre-minted refresh tokens per database (default 2000 x duration x rounds)
//   --code-pool N      authorization codes minted just before each measured run, per server
//                      (default: 3 x that server's best rate so far (warm-up, earlier rounds) x duration,
//                      at least 4000 x duration; 6000 x duration without warm-up). The warm-up gets
//                      4000 x warm-up seconds. Pools follow the rate so that a fast server does not run
//                      dry and a slow one does not carry a needlessly large heap or table of unused
//                      codes (oidc-provider holds about 0.8 KB per code).
//   --sqlite-only      skip MySQL and PostgreSQL
//   --mysql-url URL    default mysql://root@127.0.0.1:3306/latchkey_bench (or BENCH_MYSQL_URL)
//   --postgres-url URL default postgres://postgres@127.0.0.1:5432/latchkey_bench (or BENCH_POSTGRES_URL)
//   --only a,b         only these scenarios: cc, introspect, data, refresh, code, code-openid, mix
//   --no-peers         skip oidc-provider and the jose route
//   --cpu-prof         run every server with --cpu-prof into bench/results/profiles/<server>-<time>/
//                      (summarise with: node --import tsx bench/profile-summary.ts FILE.cpuprofile)
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { performance } from 'node:perf_hooks';
import { decodeProtectedHeader } from 'jose';
import type autocannon from 'autocannon';
import { canPin, freePort, killAllChildren, pinSelf, repoRoot, requestChild, startChild, stopAllChildren, stopChild, type Child, type StartOptions } from './children.js';
import { combineRounds, measure, type LoadResult, type LoadSpec } from './load.js';
import type { MintCodesParams } from './oidc-provider-server.js';
import { cpuRatio, markdownTable, problemNotes, ratio, type Row } from './report.js';
import {
  basicAuth,
  benchCodeTtlS,
  benchRedirectUri,
  benchRequestLimit,
  createServerDatabase,
  dropServerDatabase,
  formHeaders,
  generateKek,
  getJson,
  latchkeyEnv,
  openCodeMinter,
  pkcePair,
  postForm,
  prepareDatabase,
  serverDatabaseProblem,
  type CodeMinter,
  type Credentials,
} from './setup.js';

const scenarioKeys = ['cc', 'introspect', 'data', 'refresh', 'code', 'code-openid', 'mix'] as const;
type ScenarioKey = (typeof scenarioKeys)[number];

interface Options {
  durationS: number;
  connections: number;
  warmupS: number;
  rounds: number;
  refreshPool: number | undefined;
  codePool: number | undefined;
  sqliteOnly: boolean;
  mysqlUrl: string;
  postgresUrl: string;
  only: Set<ScenarioKey>;
  peers: boolean;
  cpuProf: boolean;
}

function parseArgs(argv: string[]): Options {
  const options: Options = {
    durationS: 10,
    connections: 20,
    warmupS: 2,
    rounds: 3,
    refreshPool: undefined,
    codePool: undefined,
    sqliteOnly: false,
    mysqlUrl: process.env.BENCH_MYSQL_URL || 'mysql://root@127.0.0.1:3306/latchkey_bench',
    postgresUrl: process.env.BENCH_POSTGRES_URL || 'postgres://postgres@127.0.0.1:5432/latchkey_bench',
    only: new Set(scenarioKeys),
    peers: true,
    cpuProf: false,
  };
  const number = (flag: string, value: string | undefined, min: number, max: number): number => {
    const n = Number(value);
    if (!Number.isInteger(n) || n < min || n > max) throw new Error(`${flag} needs an integer ${min}..${max}, got ${value}`);
    return n;
  };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    const eq = arg.indexOf('=');
    const flag = eq > 0 ? arg.slice(0, eq) : arg;
    const value = (): string | undefined => (eq > 0 ? arg.slice(eq + 1) : argv[++i]);
    switch (flag) {
      case '--duration':
        options.durationS = number(flag, value(), 1, 600);
        break;
      case '--connections':
        options.connections = number(flag, value(), 1, 1000);
        break;
      case '--warmup':
        options.warmupS = number(flag, value(), 0, 60);
        break;
      case '--rounds':
        options.rounds = number(flag, value(), 1, 20);
        break;
      case '--refresh-pool':
        options.refreshPool = number(flag, value(), 100, 1_000_000);
        break;
      case '--code-pool':
        options.codePool = number(flag, value(), 100, 1_000_000);
        break;
      case '--sqlite-only':
        options.sqliteOnly = true;
        break;
      case '--mysql-url':
        options.mysqlUrl = value() ?? '';
        break;
      case '--postgres-url':
        options.postgresUrl = value() ?? '';
        break;
      case '--only': {
        const keys = (value() ?? '').split(',').filter(Boolean);
        for (const key of keys) if (!(scenarioKeys as readonly string[]).includes(key)) throw new Error(`--only: unknown scenario ${key} (${scenarioKeys.join(', ')})`);
        options.only = new Set(keys as ScenarioKey[]);
        break;
      }
      case '--no-peers':
        options.peers = false;
        break;
      case '--cpu-prof':
        options.cpuProf = true;
        break;
      default:
        throw new Error(`unknown flag ${arg}`);
    }
  }
  // Codes are minted just before the run that redeems them; it must end before they expire.
  const withCodes = options.only.has('code') || options.only.has('code-openid');
  if (withCodes && options.durationS > benchCodeTtlS - 30) {
    throw new Error(`--duration over ${benchCodeTtlS - 30} s would outlive the ${benchCodeTtlS} s authorization-code TTL (drop code and code-openid with --only)`);
  }
  if (options.codePool !== undefined && options.codePool < options.connections) throw new Error('--code-pool must be at least --connections');
  return options;
}

const options = parseArgs(process.argv.slice(2));
const log = (line: string): void => void process.stderr.write(`${line}\n`);
const resultsDir = join(repoRoot, 'bench', 'results');
const profileDir = join(resultsDir, 'profiles');

// Two cores: the load generator (this process) on core 1, the servers under test on core 0.
const cores = availableParallelism();
const pinned = cores >= 2 && canPin() && pinSelf(1);
const serverCore: StartOptions = pinned ? { core: 0 } : {};

/** Pinning, plus --cpu-prof into a folder per server (node writes a profile per thread; the tsx loader has its own, the main thread's is the big one). */
function serverOptions(name: string): StartOptions {
  if (!options.cpuProf) return serverCore;
  return { ...serverCore, nodeArgs: ['--cpu-prof', '--cpu-prof-dir', join(profileDir, `${name.toLowerCase().replace(/[^a-z0-9]+/g, '-')}-${Date.now()}`)] };
}

const rows: Row[] = [];
const notes: string[] = [
  `Latchkey runs with NODE_ENV=production, audit on, log level warn, and LATCHKEY_RATE_LIMIT_IP_RPM / LATCHKEY_RATE_LIMIT_CLIENT_RPM raised to ${benchRequestLimit.toLocaleString('en')} per minute (the limiter still counts every request; all load comes from one address).`,
];

type Target = Omit<LoadSpec, 'connections' | 'durationS'>;

const fmt = (r: LoadResult): string =>
  `${Math.round(r.rps)} req/s, p50 ${r.p50} ms, p99 ${r.p99} ms, ${r.ok} ok in ${r.seconds.toFixed(1)} s, server CPU ${Math.round(r.cpuMsPerOk * 1000)} µs/req` +
  `${r.non2xx ? `, ${r.non2xx} non-2xx ${JSON.stringify(r.statusCodes)}` : ''}${r.errors ? `, ${r.errors} errors` : ''}${r.timeouts ? `, ${r.timeouts} timeouts` : ''}`;

async function warmUp(target: Target): Promise<void> {
  if (options.warmupS <= 0) return;
  const result = await measure({ ...target, amount: undefined, connections: options.connections, durationS: options.warmupS });
  log(`    (warm-up ${target.url}: ${result.responses} responses)`);
}

async function once(label: string, target: Target): Promise<LoadResult> {
  const result = await measure({ ...target, connections: options.connections, durationS: options.durationS });
  log(`    ${label}: ${fmt(result)}`);
  return result;
}

/** Warms both up, then alternates Latchkey and the peer `rounds` times. */
async function compare(
  scenario: string,
  database: string,
  latchkey: Target,
  peer: { name: string; target: Target } | undefined,
): Promise<Row> {
  await warmUp(latchkey);
  if (peer) await warmUp(peer.target);
  const mine: LoadResult[] = [];
  const theirs: LoadResult[] = [];
  for (let round = 1; round <= options.rounds; round++) {
    const suffix = options.rounds > 1 ? ` (round ${round}/${options.rounds})` : '';
    mine.push(await once(`Latchkey ${scenario}${suffix}`, latchkey));
    if (peer) theirs.push(await once(`${peer.name}${suffix}`, peer.target));
  }
  const roundRatios = theirs.map((t, i) => (t.rps > 0 ? (mine[i] as LoadResult).rps / t.rps : Number.NaN));
  const row: Row = { scenario, database, latchkey: combineRounds(mine), ...(peer ? { peer: { name: peer.name, result: combineRounds(theirs) }, roundRatios } : {}) };
  rows.push(row);
  return row;
}

function post(path: string, credentials: Credentials, body: string): autocannon.Request {
  return { method: 'POST', path, headers: { ...formHeaders, authorization: basicAuth(credentials) }, body };
}

/** One PKCE pair for every authorization code of the run, Latchkey's and oidc-provider's. */
const pkce = pkcePair();

/** One server's side of an authorization-code scenario: where to redeem, as which client, and how to get fresh codes. */
interface CodeSide {
  url: string;
  /** The server's process, charged with the CPU time of each run. */
  serverPid: number | undefined;
  client: Credentials;
  /** A fresh pool of `count` codes for `scope` (space-separated), each single use. */
  mint: (count: number, scope: string) => Promise<string[]>;
}

let codeNoteGiven = false;

const codeScenarios = {
  code: { scope: 'read', label: 'authorization_code POST /token, PKCE, scope read' },
  'code-openid': { scope: 'openid read', label: 'authorization_code + RS256 ID token, PKCE, scope openid read' },
} as const;

/** The token request of RFC 6749 §4.1.3 with the PKCE verifier (RFC 7636 §4.5); client authentication is HTTP Basic. */
function codeRedemptionBody(code: string): string {
  return `grant_type=authorization_code&code=${encodeURIComponent(code)}&redirect_uri=${encodeURIComponent(benchRedirectUri)}&code_verifier=${pkce.verifier}`;
}

/** Redeems one fresh code and checks the response's shape: ES256 JWT access token, no refresh token, an RS256 ID token exactly when openid was asked. */
async function checkCodeRedemption(server: string, side: CodeSide, scope: string): Promise<string> {
  const [code] = await side.mint(1, scope);
  const body = await postForm(`${side.url}/token`, side.client, Object.fromEntries(new URLSearchParams(codeRedemptionBody(code as string))));
  const access = decodeProtectedHeader(String(body.access_token));
  const problems: string[] = [];
  if (access.alg !== 'ES256') problems.push(`access token ${JSON.stringify(access)}, expected ES256`);
  if (body.refresh_token !== undefined) problems.push('a refresh token was issued');
  if (scope.split(' ').includes('openid')) {
    const idToken = body.id_token === undefined ? undefined : decodeProtectedHeader(String(body.id_token));
    if (idToken?.alg !== 'RS256') problems.push(`ID token ${JSON.stringify(idToken)}, expected RS256`);
  } else if (body.id_token !== undefined) {
    problems.push('an ID token was issued without openid');
  }
  if (problems.length) throw new Error(`${server} authorization_code (scope ${scope}): ${problems.join('; ')}: ${JSON.stringify(body)}`);
  return `${server}: code (${scope}) redeemed: ES256 ${access.typ ?? ''} access token${scope.includes('openid') ? ' + RS256 ID token' : ''}, no refresh token`;
}

/**
 * Authorization-code redemption: every code is single use, so each measured run (and each
 * warm-up) gets a pool minted just before it, and stops when the pool is used up or the
 * duration ends, whichever comes first. Latchkey and the peer alternate as in {@link compare}.
 */
async function compareCodes(key: keyof typeof codeScenarios, database: string, latchkey: CodeSide, peer: { name: string; side: CodeSide } | undefined): Promise<void> {
  const { scope, label } = codeScenarios[key];
  const warmPool = Math.max(options.connections, 4000 * options.warmupS);
  // Best 2xx rate seen so far per server, to size the next pool.
  const rates = new Map<CodeSide, number>();
  const poolFor = (side: CodeSide): number =>
    options.codePool ?? Math.max(options.connections, 4000 * options.durationS, Math.ceil(3 * (rates.get(side) ?? 2000) * options.durationS));
  const seen = (side: CodeSide, result: LoadResult): void => void rates.set(side, Math.max(rates.get(side) ?? 0, result.rps));
  const target = (side: CodeSide, pool: string[]): Target => ({
    url: side.url,
    serverPid: side.serverPid,
    amount: pool.length,
    requests: [
      {
        ...post('/token', side.client, ''),
        // Each code is used exactly once: autocannon calls this once for every request it sends.
        setupRequest: (request) => ({ ...request, body: codeRedemptionBody(pool.pop() ?? 'pool-exhausted') }),
      },
    ],
  });
  const minted = async (who: string, side: CodeSide, count: number): Promise<string[]> => {
    const started = performance.now();
    const pool = await side.mint(count, scope);
    log(`    (${who}: ${pool.length} codes minted in ${((performance.now() - started) / 1000).toFixed(1)} s)`);
    return pool;
  };
  if (options.warmupS > 0) {
    for (const [who, side] of [['Latchkey', latchkey], ...(peer ? [[peer.name, peer.side]] : [])] as [string, CodeSide][]) {
      const result = await measure({ ...target(side, await minted(who, side, warmPool)), connections: options.connections, durationS: options.warmupS });
      seen(side, result);
      log(`    (warm-up ${side.url}: ${result.responses} responses, ${Math.round(result.rps)} ok/s)`);
    }
  }
  const mine: LoadResult[] = [];
  const theirs: LoadResult[] = [];
  const pools = new Map<CodeSide, number[]>([[latchkey, []], ...(peer ? [[peer.side, []] as [CodeSide, number[]]] : [])]);
  const run = async (who: string, name: string, side: CodeSide): Promise<LoadResult> => {
    const pool = await minted(who, side, poolFor(side));
    pools.get(side)?.push(pool.length);
    const result = await once(name, target(side, pool));
    seen(side, result);
    return result;
  };
  for (let round = 1; round <= options.rounds; round++) {
    const suffix = options.rounds > 1 ? ` (round ${round}/${options.rounds})` : '';
    mine.push(await run('Latchkey', `Latchkey ${label}${suffix}`, latchkey));
    if (peer) theirs.push(await run(peer.name, `${peer.name}${suffix}`, peer.side));
  }
  const ours = combineRounds(mine);
  const sum = (values: number[] | undefined): number => (values ?? []).reduce((a, b) => a + b, 0);
  rows.push({
    scenario: `${label} (${ours.ok} of ${sum(pools.get(latchkey))} codes used)`,
    database,
    latchkey: ours,
    ...(peer ? { peer: { name: peer.name, result: combineRounds(theirs) }, roundRatios: theirs.map((t, i) => (mine[i] as LoadResult).rps / t.rps) } : {}),
  });
  const usage = (who: string, side: CodeSide, results: LoadResult[]): string => {
    const sizes = pools.get(side) ?? [];
    const ranOut = results.filter((r, i) => r.responses >= (sizes[i] ?? Infinity)).length;
    return (
      `${who} redeemed ${sum(results.map((r) => r.ok))} of ${sum(sizes)} codes with 200 (${sizes.length > 1 ? `pools of ${sizes.join(', ')}; ` : ''}` +
      `${ranOut ? `ran out in ${ranOut} of ${results.length} run(s), req/s is over the time until the last response` : 'the duration ended before the pool ran out'})`
    );
  };
  if (!codeNoteGiven) {
    codeNoteGiven = true;
    notes.push(
      `authorization_code rows: single-use codes minted for each server just before each measured run (${options.codePool ? `--code-pool ${options.codePool}` : 'pool = 3 x its best rate so far x duration, at least 4000 x duration'}; ` +
        `${options.warmupS > 0 ? `+${warmPool} per warm-up` : 'no warm-up'}), all with one PKCE S256 pair and redirect_uri ${benchRedirectUri}, redeemed with HTTP Basic by a confidential client registered for authorization_code only (no refresh token). ` +
        `Latchkey's are issued in the bench process by its AuthorizationCodes service on the same database, with LATCHKEY_AUTHORIZATION_CODE_TTL_S raised from its default 60 to ${benchCodeTtlS} ` +
        `(the server runs with the same setting)` +
        (peer
          ? `; oidc-provider's are saved through its models API (a Grant and an AuthorizationCode per code, ttl.AuthorizationCode ${benchCodeTtlS}, no session binding, so no Session lookup on redemption) ` +
            'into an unbounded in-memory Map (its bundled memory adapter is an LRU of 1,000-2,000 entries); its access tokens are ES256 JWTs, its ID tokens RS256 (2048-bit), as Latchkey\'s.'
          : '.'),
    );
  }
  notes.push(`${key} on ${database}: ${usage('Latchkey', latchkey, mine)}${peer ? `; ${usage(peer.name, peer.side, theirs)}` : ''}.`);
}

/** oidc-provider, started once and kept (idle) for the whole run. */
interface OidcPeer {
  child: Child;
  url: string;
  cc: Target;
  codes: CodeSide;
}

const wantsCodes = (): boolean => options.only.has('code') || options.only.has('code-openid');

async function startOidcProvider(): Promise<OidcPeer | undefined> {
  if (!options.peers || (!options.only.has('cc') && !wantsCodes())) return undefined;
  log('\n== oidc-provider 9.13.3 (in memory, child process) ==');
  const port = await freePort();
  const credentials: Credentials = { clientId: 'bench-oidc-client', clientSecret: generateKek() };
  const codeClient: Credentials = { clientId: 'bench-oidc-web', clientSecret: generateKek() };
  const child = await startChild(
    'oidc-provider',
    'bench/oidc-provider-server.ts',
    {
      ...process.env,
      NODE_ENV: 'production',
      BENCH_PORT: String(port),
      BENCH_CLIENT_ID: credentials.clientId,
      BENCH_CLIENT_SECRET: credentials.clientSecret,
      BENCH_CODE_CLIENT_ID: codeClient.clientId,
      BENCH_CODE_CLIENT_SECRET: codeClient.clientSecret,
      BENCH_REDIRECT_URI: benchRedirectUri,
    },
    serverOptions('oidc-provider'),
  );
  const url = `http://127.0.0.1:${child.port}`;
  const jwt = await postForm(`${url}/token`, credentials, { grant_type: 'client_credentials', scope: 'read' });
  const header = decodeProtectedHeader(String(jwt.access_token));
  if (header.alg !== 'ES256') throw new Error(`oidc-provider issued ${JSON.stringify(header)}, expected an ES256 JWT`);
  const opaque = await postForm(`${url}/token`, credentials, { grant_type: 'client_credentials', scope: 'read', resource: String(child.info.opaqueResource) });
  const introspected = await postForm(`${url}/token/introspection`, credentials, { token: String(opaque.access_token) });
  if (introspected.active !== true) throw new Error(`oidc-provider introspection: ${JSON.stringify(introspected)}`);
  log(`  checks ok: ES256 JWT access token (typ ${header.typ}); an opaque token introspects active (it refuses to introspect JWTs)`);
  const codes: CodeSide = {
    url,
    serverPid: child.proc.pid,
    client: codeClient,
    mint: (count, scope) =>
      requestChild<string[]>(child, 'mintCodes', { count, scope, redirectUri: benchRedirectUri, codeChallenge: pkce.challenge } satisfies MintCodesParams),
  };
  for (const key of ['code', 'code-openid'] as const) {
    if (options.only.has(key)) log(`  checks ok: ${await checkCodeRedemption('oidc-provider', codes, codeScenarios[key].scope)}`);
  }
  return {
    child,
    url,
    cc: { url, serverPid: child.proc.pid, requests: [post('/token', credentials, 'grant_type=client_credentials&scope=read')] },
    codes,
  };
}

async function benchLatchkey(database: string, databaseUrl: string, dataDir: string, oidc: OidcPeer | undefined): Promise<void> {
  log(`\n== Latchkey on ${database} ==`);
  const port = await freePort();
  const env = latchkeyEnv({ port, databaseUrl, kek: generateKek(), dataDir });
  const refreshWarmup = 300;
  const poolSize = options.only.has('refresh') ? (options.refreshPool ?? 2000 * options.durationS * options.rounds) + refreshWarmup : 0;
  const seedStart = performance.now();
  const fixtures = await prepareDatabase(env, poolSize);
  log(`  migrated and seeded (3 clients, 1 user, ${poolSize} refresh tokens) in ${((performance.now() - seedStart) / 1000).toFixed(1)} s`);
  const server = await startChild(`latchkey ${database}`, 'bench/latchkey-server.ts', env, serverOptions(`latchkey-${database}`));
  let route: Child | undefined;
  let minter: CodeMinter | undefined;
  try {
    log(`  server: ${JSON.stringify(server.info)}`);
    const url = `http://127.0.0.1:${server.port}`;
    const serverPid = server.proc.pid;
    const { machine, app, user } = fixtures;

    // Tokens for the read scenarios, and a check that every request shape answers 200.
    const cc = await postForm(`${url}/token`, machine, { grant_type: 'client_credentials', scope: 'read' });
    const login = await postForm(`${url}/token`, app, { grant_type: 'password', username: user.username, password: user.password, scope: 'read' });
    const userToken = String(login.access_token);
    const introspected = await postForm(`${url}/introspect`, machine, { token: String(cc.access_token) });
    if (introspected.active !== true) throw new Error(`Latchkey introspection: ${JSON.stringify(introspected)}`);
    const data = await getJson(`${url}/data`, { authorization: `Bearer ${userToken}` });
    if (data.status !== 200) throw new Error(`Latchkey GET /data answered ${data.status}: ${JSON.stringify(data.body)}`);
    log('  checks ok: client_credentials, password, introspection (active), GET /data 200');

    const dataRequest: autocannon.Request = { method: 'GET', path: '/data', headers: { authorization: `Bearer ${userToken}` } };
    if (options.peers && (options.only.has('data') || options.only.has('introspect'))) {
      const jwks = (await getJson(`${url}/jwks.json`)).body;
      route = await startChild(
        `jose route ${database}`,
        'bench/jose-route-server.ts',
        {
          ...process.env,
          NODE_ENV: 'production',
          DATABASE_URL: databaseUrl,
          BENCH_ISSUER: url,
          BENCH_JWKS: JSON.stringify(jwks),
          BENCH_PORT: '0',
          BENCH_INTROSPECT_CLIENT_ID: machine.clientId,
          BENCH_INTROSPECT_CLIENT_SECRET: machine.clientSecret,
        },
        serverOptions(`jose-route-${database}`),
      );
      const check = await getJson(`http://127.0.0.1:${route.port}/data`, { authorization: `Bearer ${userToken}` });
      if (check.status !== 200) throw new Error(`jose route answered ${check.status}: ${JSON.stringify(check.body)}`);
      log('  jose route (Express + jose + knex, same database) answers GET /data 200 with the same token');
    }

    const ccRequest = post('/token', machine, 'grant_type=client_credentials&scope=read');
    const introspectRequest = post('/introspect', machine, `token=${encodeURIComponent(String(cc.access_token))}`);
    if (options.only.has('cc')) {
      await compare('client_credentials POST /token', database, { url, serverPid, requests: [ccRequest] }, oidc && { name: 'oidc-provider (memory)', target: oidc.cc });
    }
    if (options.only.has('introspect')) {
      await compare(
        'POST /introspect',
        database,
        { url, serverPid, requests: [introspectRequest] },
        route && { name: 'bare route (client check + jose + revocation look-up)', target: { url: `http://127.0.0.1:${route.port}`, serverPid: route.proc.pid, requests: [introspectRequest] } },
      );
    }
    if (options.only.has('data')) {
      await compare(
        'GET /data (bearer JWT)',
        database,
        { url, serverPid, requests: [dataRequest] },
        route && { name: 'Express + jose + knex route', target: { url: `http://127.0.0.1:${route.port}`, serverPid: route.proc.pid, requests: [dataRequest] } },
      );
    }
    if (options.only.has('refresh')) {
      const pool = fixtures.refreshPool;
      const refreshTarget = (amount: number): Target => ({
        url,
        serverPid,
        amount,
        requests: [
          {
            ...post('/token', app, ''),
            // Each token is used exactly once: autocannon calls this once for every request it sends.
            setupRequest: (request) => ({ ...request, body: `grant_type=refresh_token&refresh_token=${encodeURIComponent(pool.pop() ?? 'pool-exhausted')}` }),
          },
        ],
      });
      await measure({ ...refreshTarget(refreshWarmup), connections: options.connections, durationS: Math.max(options.warmupS, 1) });
      const available = pool.length;
      const perRound = Math.floor(available / options.rounds);
      const results: LoadResult[] = [];
      for (let round = 1; round <= options.rounds; round++) {
        results.push(await once(`Latchkey refresh_token rotation${options.rounds > 1 ? ` (round ${round}/${options.rounds})` : ''}`, refreshTarget(perRound)));
      }
      const latchkey = combineRounds(results);
      const ranOut = results.filter((r) => r.responses >= perRound).length;
      rows.push({ scenario: `refresh_token rotation (${latchkey.ok} of ${available} pool used)`, database, latchkey });
      notes.push(
        `refresh on ${database}: ${available} pre-minted refresh tokens (each its own family; +${refreshWarmup} used for warm-up), ${latchkey.ok} rotated with 200; ` +
          (ranOut
            ? `the pool${options.rounds > 1 ? ` share ran out in ${ranOut} of ${options.rounds} rounds` : ` ran out after ${latchkey.seconds.toFixed(1)} s`} (req/s is over the time until the last response).`
            : `the ${options.durationS} s duration ended before the pool ran out.`),
      );
    }
    if (wantsCodes()) {
      minter = await openCodeMinter(env, fixtures.web, fixtures.userId, pkce.challenge);
      const { mint } = minter;
      const codes: CodeSide = { url, serverPid, client: fixtures.web, mint: (count, scope) => mint(count, scope.split(' ')) };
      for (const key of ['code', 'code-openid'] as const) {
        if (!options.only.has(key)) continue;
        log(`  checks ok: ${await checkCodeRedemption('Latchkey', codes, codeScenarios[key].scope)}`);
        await compareCodes(key, database, codes, oidc && { name: 'oidc-provider (memory)', side: oidc.codes });
      }
    }
    if (options.only.has('mix')) {
      const passwordRequest = post('/token', app, `grant_type=password&username=${encodeURIComponent(user.username)}&password=${encodeURIComponent(user.password)}&scope=read`);
      await compare('mix: 1 password : 4 client_credentials /token', database, { url, serverPid, requests: [passwordRequest, ccRequest, ccRequest, ccRequest, ccRequest] }, undefined);
    }
  } finally {
    peakRss.push({ name: `Latchkey ${database}`, mib: peakRssMib(server) });
    if (minter) await minter.close();
    if (route) await stopChild(route);
    await stopChild(server);
  }
}

/** Peak resident memory (VmHWM) of each server over its whole run, read just before it stops. */
const peakRss: { name: string; mib: number }[] = [];

function peakRssMib(child: Child): number {
  try {
    const status = readFileSync(`/proc/${child.proc.pid}/status`, 'utf8');
    return Number(/VmHWM:\s+(\d+) kB/.exec(status)?.[1] ?? NaN) / 1024;
  } catch {
    return Number.NaN;
  }
}

/** The issue-9 targets, each a ratio of medians (the per-round ratios are in the table). */
function targets(): string[] {
  const verdict = (value: number | undefined, goal: number): string =>
    value === undefined ? 'not measured' : `${value.toFixed(2)}x (target >= ${goal.toFixed(1)}x): ${value >= goal ? 'met' : 'MISSED'}`;
  const lines: string[] = [];
  const goals: [string, string, number][] = [
    ['client_credentials', 'client_credentials /token vs oidc-provider', 1.0],
    ['POST /introspect', 'POST /introspect vs the bare route', 0.5],
    [codeScenarios.code.label, 'authorization_code redemption vs oidc-provider', 0.7],
    ['GET /data', 'GET /data vs the jose route', 0.9],
  ];
  for (const [prefix, label, goal] of goals) {
    for (const row of rows.filter((r) => r.scenario.startsWith(prefix) && r.peer)) {
      const cpu = cpuRatio(row);
      lines.push(`- ${label} on ${row.database}: ${verdict(ratio(row), goal)}${cpu === undefined ? '' : `; by CPU per request ${cpu.toFixed(2)}x`}`);
    }
  }
  const oidcRss = peakRss.find((p) => p.name === 'oidc-provider');
  for (const p of peakRss.filter((q) => q.name.startsWith('Latchkey'))) {
    const versus = oidcRss ? ` vs oidc-provider ${oidcRss.mib.toFixed(0)} MiB: ${p.mib <= oidcRss.mib ? 'met' : 'MISSED'}` : '';
    lines.push(`- peak RSS of ${p.name}: ${p.mib.toFixed(0)} MiB${versus}`);
  }
  return lines;
}

const fmtLoad = (): string =>
  loadavg()
    .map((n) => n.toFixed(1))
    .join(' / ');

async function main(): Promise<void> {
  const tmp = mkdtempSync(join(tmpdir(), 'latchkey-bench-'));
  tempDirs.push(tmp);
  const created: string[] = [];
  const loadBefore = fmtLoad();
  try {
    log(
      `Latchkey benchmark: ${options.durationS} s per run after ${options.warmupS} s warm-up, ${options.rounds} round(s), ${options.connections} connections, ` +
        `node ${process.version}, ${cores} cores, ${pinned ? 'servers pinned to core 0, load generator to core 1' : 'no CPU pinning'}, load average ${loadBefore}.`,
    );
    log(
      'Latchkey: NODE_ENV=production; LATCHKEY_VALIDATE_RESPONSES at its production default (false: responses are not validated ' +
        'in production unless asked, and then only logged); audit on; LATCHKEY_LOG_LEVEL=warn so logging does not dominate ' +
        '(audit rows are still written to the database).',
    );
    if (options.cpuProf) mkdirSync(profileDir, { recursive: true });
    const oidc = await startOidcProvider();

    await benchLatchkey('SQLite', `sqlite:${join(tmp, 'latchkey-bench.sqlite')}`, tmp, oidc);

    for (const [database, url] of [['MySQL', options.mysqlUrl], ['PostgreSQL', options.postgresUrl]] as const) {
      if (options.sqliteOnly) {
        log(`\n${database} skipped (--sqlite-only).`);
        notes.push(`${database} skipped (--sqlite-only).`);
        continue;
      }
      const problem = await serverDatabaseProblem(url);
      if (problem) {
        log(`\n${database} skipped: ${url.replace(/\/\/[^@]*@/, '//***@')} is unreachable (${problem}).`);
        notes.push(`${database} skipped: unreachable (${problem}).`);
        continue;
      }
      await createServerDatabase(url);
      created.push(url);
      await benchLatchkey(database, url, tmp, oidc);
    }
    if (oidc) {
      peakRss.push({ name: 'oidc-provider', mib: peakRssMib(oidc.child) });
      await stopChild(oidc.child);
    }
  } finally {
    await stopAllChildren();
    killAllChildren();
    for (const url of created) {
      await dropServerDatabase(url).catch((error: unknown) => log(`could not drop the bench database ${new URL(url).pathname}: ${String(error)}`));
    }
    rmSync(tmp, { recursive: true, force: true });
  }

  const settings =
    `${options.durationS} s per run after ${options.warmupS} s warm-up${options.rounds > 1 ? `, ${options.rounds} alternating rounds (medians)` : ''}, ` +
    `${options.connections} connections, node ${process.version}, ${cores} cores${pinned ? ' (servers pinned to core 0, autocannon to core 1)' : ''}; ` +
    `load average ${loadBefore} before, ${fmtLoad()} after (1/5/15 min). ` +
    'Latchkey: NODE_ENV=production, LATCHKEY_VALIDATE_RESPONSES default (false: no response validation), audit on, log level warn. ' +
    'Each peer run follows the Latchkey run it is compared with; oidc-provider is in memory, so it is the same server on both database rows. req/s counts 2xx responses only.';
  const table = markdownTable(rows);
  const allNotes = [...notes, ...problemNotes(rows)];
  const report = [
    `# Latchkey benchmark (${new Date().toISOString()})`,
    '',
    settings,
    '',
    table,
    '',
    'Targets (reported, not asserted):',
    ...targets(),
    ...(allNotes.length ? ['', 'Notes:', ...allNotes.map((n) => `- ${n}`)] : []),
    '',
  ].join('\n');
  mkdirSync(resultsDir, { recursive: true });
  // A partial run (--only, --no-peers, --cpu-prof, --sqlite-only) must not replace the last full table.
  const partial = options.only.size < scenarioKeys.length || !options.peers || options.cpuProf || options.sqliteOnly;
  const file = join(resultsDir, partial ? 'latest-partial.md' : 'latest.md');
  writeFileSync(file, report);
  process.stdout.write(`\n${settings}\n\n${table}\n\nTargets (reported, not asserted):\n${targets().join('\n')}\n`);
  if (allNotes.length) process.stdout.write(`\nNotes:\n${allNotes.map((n) => `- ${n}`).join('\n')}\n`);
  process.stdout.write(`\nWritten to ${relative(process.cwd(), file)}\n`);
}

const tempDirs: string[] = [];

/** Synchronous last-resort cleanup (exit, signals): children first, then the temp SQLite folder. */
function cleanUpNow(): void {
  killAllChildren();
  for (const dir of tempDirs.splice(0)) rmSync(dir, { recursive: true, force: true });
}

process.once('exit', cleanUpNow);
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    cleanUpNow();
    process.exit(130);
  });
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    log(`bench failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    killAllChildren();
    process.exit(1);
  },
);
