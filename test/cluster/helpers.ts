/**
 * Helpers for the cluster test (`npm run test:cluster`): real `node --import tsx
 * src/main.ts` processes sharing one MySQL or PostgreSQL database and one Redis, the CLI run as
 * a process against the same database, and bounded waits.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Browser, type BrowserResponse, csrfFrom, pkcePair } from '../helpers/browser-flow.js';
import { testKek } from '../helpers/test-database.js';
import { repoRoot, runCli } from '../cli/run-cli.js';

/** The one database (MySQL by default, PostgreSQL with `npm run test:cluster:postgres`) and the one Redis every process of the run shares. */
export const databaseUrl = process.env.LATCHKEY_TEST_DATABASE_URL ?? 'mysql://root@127.0.0.1:3306/test';
export const redisUrl = process.env.LATCHKEY_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

const dataDir = mkdtempSync(join(tmpdir(), 'latchkey-cluster-'));

/** Settings every process of the run (both servers and the CLI) gets. */
export function sharedEnv(overrides: Record<string, string> = {}): Record<string, string> {
  return {
    PATH: process.env.PATH ?? '',
    NODE_ENV: 'test',
    DATABASE_URL: databaseUrl,
    LATCHKEY_KEK: testKek,
    LATCHKEY_DATA_DIR: dataDir,
    ...overrides,
  };
}

/** One running server process. */
export interface ServerProcess {
  readonly name: string;
  readonly url: string;
  readonly child: ChildProcess;
  /** What it wrote so far (stdout and stderr), for failure messages. */
  output(): string;
}

const running = new Set<ChildProcess>();
// Last resort if the test runner exits without afterAll: never leave a server behind.
process.once('exit', () => running.forEach((child) => child.kill('SIGKILL')));

/** Starts `node --import tsx src/main.ts` on PORT=0 and resolves once its log line names the port (bounded by `timeoutMs`). */
export function startServer(name: string, env: Record<string, string>, timeoutMs = 30_000): Promise<ServerProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], { cwd: repoRoot, env: { ...env, PORT: '0' }, stdio: ['ignore', 'pipe', 'pipe'] });
  running.add(child);
  child.once('exit', () => running.delete(child));
  let out = '';
  const keep = (d: Buffer): void => void (out = (out + String(d)).slice(-20_000));
  child.stdout.on('data', keep);
  child.stderr.on('data', keep);
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server ${name} did not listen within ${timeoutMs} ms:\n${out}`)), timeoutMs);
    const onData = (): void => {
      const port = /"port":(\d+).*Latchkey listening/.exec(out)?.[1];
      if (!port) return;
      clearTimeout(timer);
      child.stdout.off('data', onData);
      resolve({ name, url: `http://127.0.0.1:${port}`, child, output: () => out });
    };
    child.stdout.on('data', onData);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`server ${name} exited early (${code}):\n${out}`));
    });
  });
}

function exited(child: ChildProcess, ms: number): Promise<boolean> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve(true);
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(false), ms);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve(true);
    });
  });
}

/** SIGTERM to every server still running, SIGKILL to any still there after 5 s. */
export async function stopServers(): Promise<void> {
  await Promise.all(
    [...running].map(async (child) => {
      child.kill('SIGTERM');
      if (!(await exited(child, 5000))) {
        child.kill('SIGKILL');
        await exited(child, 2000);
      }
    }),
  );
}

/** Runs `latchkey ARGS --json` as a process; throws with its stderr unless it succeeds. */
export async function cli<T>(env: Record<string, string>, args: string[], input = ''): Promise<T> {
  const run = await runCli(env, [...args, '--json'], input);
  if (run.status !== 0) throw new Error(`latchkey ${args.join(' ')} failed (${run.status}): ${run.stderr}`);
  return JSON.parse(run.stdout) as T;
}

/** Calls `check` every `intervalMs` until it returns a value other than undefined; throws after `timeoutMs`. */
export async function waitFor<T>(what: string, check: () => Promise<T | undefined>, timeoutMs: number, intervalMs = 200): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`${what}: not within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}

export const basic = (id: string, secret: string): string => `Basic ${Buffer.from(`${encodeURIComponent(id)}:${encodeURIComponent(secret)}`).toString('base64')}`;

/** `POST /token` on one process (at most 10 s); the status, `Retry-After` and the JSON body. */
export async function token(server: ServerProcess, form: Record<string, string>, authorization: string) {
  const response = await fetch(`${server.url}/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', authorization },
    body: new URLSearchParams(form).toString(),
    signal: AbortSignal.timeout(10_000),
  });
  return { status: response.status, retryAfter: response.headers.get('retry-after'), body: (await response.json()) as Record<string, string> };
}

/** `GET /jwks.json` on one process: the kids it publishes. */
export async function publishedKids(server: ServerProcess): Promise<string[]> {
  const response = await fetch(`${server.url}/jwks.json`, { signal: AbortSignal.timeout(10_000) });
  return ((await response.json()) as { keys: { kid: string }[] }).keys.map((k) => k.kid);
}

/** The decoded header and payload of a JWT (no verification). */
export function decodeJwt(jwt: string): { header: Record<string, unknown>; payload: Record<string, unknown> } {
  const [header = '', payload = ''] = jwt.split('.');
  const part = (s: string) => JSON.parse(Buffer.from(s, 'base64url').toString('utf8')) as Record<string, unknown>;
  return { header: part(header), payload: part(payload) };
}

/**
 * Authorization request on the browser's server: login and consent pages if
 * shown, up to the redirect to the client. Returns the code and PKCE verifier.
 */
export async function authorize(browser: Browser, client: { client_id: string; redirect_uri: string }, user: { username: string; password: string }) {
  const pkce = pkcePair();
  const state = pkce.verifier.slice(0, 12);
  const query = { response_type: 'code', client_id: client.client_id, redirect_uri: client.redirect_uri, scope: 'read', state, code_challenge: pkce.challenge, code_challenge_method: 'S256' };
  let response: BrowserResponse = await browser.get(`/authorize?${new URLSearchParams(query).toString()}`);
  for (let step = 0; response.status === 303 && step < 4; step++) {
    const page = await browser.get(response.location ?? '');
    const csrf_token = csrfFrom(page.html);
    if (response.location === '/login') response = await browser.post('/login', { username: user.username, password: user.password, csrf_token });
    else if (response.location === '/consent') response = await browser.post('/consent', { decision: 'approve', csrf_token });
    else throw new Error(`unexpected redirect to ${response.location}`);
  }
  const location = new URL(response.location ?? 'about:blank');
  const code = location.searchParams.get('code');
  if (response.status !== 302 || !code || location.searchParams.get('state') !== state) throw new Error(`no code: ${response.status} ${response.location ?? response.html.slice(0, 300)}`);
  return { code, verifier: pkce.verifier };
}
