/**
 * Several processes, one service (issue 5 §2): two real server processes on
 * their own ports, one MySQL (or PostgreSQL) database, one Redis, one `LATCHKEY_ISSUER`.
 * `npm run test:cluster` (`npm run test:cluster:postgres`); LATCHKEY_TEST_DATABASE_URL and LATCHKEY_TEST_REDIS_URL
 * override the defaults (mysql://root@127.0.0.1:3306/test, redis://127.0.0.1:6379).
 *
 * Key rotation delay: every process reloads the keys each LATCHKEY_KEYSTORE_RELOAD_S
 * (1 s here), so a key added by `latchkey keys rotate` is published by every
 * process within that interval (the test allows 10 s); it signs from its
 * activation time, JWKS max-age + reload interval + 5 s after the rotation (7 s here).
 */
import { randomBytes } from 'node:crypto';
import { createLocalJWKSet, jwtVerify } from 'jose';
import { type Browser, cookieNames, createBrowser } from '../helpers/browser-flow.js';
import { authorize, basic, cli, decodeJwt, publishedKids, redisUrl, type ServerProcess, sharedEnv, startServer, stopServers, token, waitFor } from './helpers.js';

const issuer = 'http://127.0.0.1:9';
const run = randomBytes(5).toString('hex');
const settings = { LATCHKEY_JWKS_MAX_AGE_S: '1', LATCHKEY_KEYSTORE_RELOAD_S: '1' };
const serverSettings = {
  ...settings,
  LATCHKEY_ISSUER: issuer,
  REDIS_URL: redisUrl,
  LATCHKEY_REDIS_PREFIX: `latchkey-cluster-${run}:`,
  LATCHKEY_RATE_LIMIT_CLIENT_AUTH_FAILURES: '4',
  LATCHKEY_SHUTDOWN_GRACE_S: '2',
};
const redirectUri = 'https://app.example/cb';
const user = { username: `cluster-${run}`, password: `correct horse ${run}` };

interface ClientJson {
  client_id: string;
  client_secret: string;
  client_name: string;
}

let a: ServerProcess;
let b: ServerProcess;
let app: ClientJson;
let limited: ClientJson;
/** The browser that signed in on A; its session cookie is tried on B. */
let browserA: Browser | undefined;

const clientArgs = (name: string, grants: string[], extra: string[] = []) => ['clients', 'create', '--name', name, ...grants.flatMap((g) => ['--grant', g]), '--scope', 'read', ...extra];
const appAuth = () => basic(app.client_id, app.client_secret);
const clientCredentials = (server: ServerProcess, authorization = appAuth()) => token(server, { grant_type: 'client_credentials', scope: 'read' }, authorization);

beforeAll(async () => {
  const started = Date.now();
  // The deploy step: migrate once, then start every process on the migrated schema.
  await cli(sharedEnv(settings), ['migrate']);
  [a, b, app, limited] = await Promise.all([
    startServer('A', sharedEnv(serverSettings)),
    startServer('B', sharedEnv(serverSettings)),
    cli<ClientJson>(sharedEnv(settings), clientArgs(`cluster-app-${run}`, ['authorization_code', 'refresh_token', 'client_credentials'], ['--redirect-uri', redirectUri])),
    cli<ClientJson>(sharedEnv(settings), clientArgs(`cluster-limited-${run}`, ['client_credentials'])),
    cli(sharedEnv(settings), ['users', 'create', '--username', user.username, '--password-stdin'], `${user.password}\n`),
  ]);
  process.stdout.write(`cluster: two servers, two clients and a user ready in ${Date.now() - started} ms (A ${a.url}, B ${b.url})\n`);
}, 90_000);

afterAll(() => stopServers(), 20_000);

describe('two Latchkey processes on one server database and one Redis', () => {
  it('redeems on B a code issued on A (login and consent on A), once only', async () => {
    browserA = createBrowser(a.url);
    const { code, verifier } = await authorize(browserA, { client_id: app.client_id, redirect_uri: redirectUri }, user);
    const form = { grant_type: 'authorization_code', code, redirect_uri: redirectUri, code_verifier: verifier };
    const onB = await token(b, form, appAuth());
    expect(onB).toMatchObject({ status: 200, body: { token_type: 'Bearer', scope: 'read', refresh_token: expect.any(String) } });
    expect(decodeJwt(onB.body.access_token!).payload).toMatchObject({ iss: issuer, client_id: app.client_id });
    // The code is spent for the whole service: A refuses it now.
    expect(await token(a, form, appAuth())).toMatchObject({ status: 400, body: { error: 'invalid_grant' } });
  });

  it('accepts on B a session created on A: GET /account on B shows the account', async () => {
    const session = browserA?.cookie(cookieNames.session);
    expect(session).toEqual(expect.any(String));
    const browserB = createBrowser(b.url);
    expect((await browserB.get('/account')).location).toBe('/login');
    browserB.setCookie(cookieNames.session, session!);
    const page = await browserB.get('/account');
    expect(page.status).toBe(200);
    expect(page.html).toContain(`Signed in as <strong>${user.username}</strong>`);
    expect(page.html).toContain(`cluster-app-${run}`);
  });

  it('refuses on B a refresh token rotated on A, and then revokes the family on both', async () => {
    const { code, verifier } = await authorize(browserA ?? createBrowser(a.url), { client_id: app.client_id, redirect_uri: redirectUri }, user);
    const granted = await token(a, { grant_type: 'authorization_code', code, redirect_uri: redirectUri, code_verifier: verifier }, appAuth());
    expect(granted.status).toBe(200);
    const first = granted.body.refresh_token!;
    const rotated = await token(a, { grant_type: 'refresh_token', refresh_token: first }, appAuth());
    expect(rotated.status).toBe(200);
    const successor = rotated.body.refresh_token!;
    expect(successor).not.toBe(first);
    expect(await token(b, { grant_type: 'refresh_token', refresh_token: first }, appAuth())).toMatchObject({ status: 400, body: { error: 'invalid_grant' } });
    // The replay revoked the whole family: the successor is refused on A and on B.
    for (const server of [a, b]) {
      expect(await token(server, { grant_type: 'refresh_token', refresh_token: successor }, appAuth())).toMatchObject({ status: 400, body: { error: 'invalid_grant' } });
    }
  });

  it('publishes a key rotated by the CLI on both within 10 s, and both sign with it from its activation time', async () => {
    const before = decodeJwt((await clientCredentials(a)).body.access_token!).header.kid;
    const [key] = await cli<{ kid: string; activates_at: string }[]>(sharedEnv(settings), ['keys', 'rotate', '--alg', 'ES256']);
    const rotatedAt = Date.now();
    const activatesAt = Date.parse(key!.activates_at);
    for (const server of [a, b]) {
      await waitFor(`${server.name} publishes ${key!.kid}`, async () => ((await publishedKids(server)).includes(key!.kid) ? true : undefined), 10_000);
      // Published but not a signer before its activation time: verifiers holding a cached JWKS would not know it yet.
      const issued = await clientCredentials(server);
      const answeredAt = Date.now();
      // The server chose its key before it answered, on the same clock: an answer before activation proves the rule.
      if (answeredAt >= activatesAt) {
        throw new Error(
          `${server.name} answered ${answeredAt - rotatedAt} ms after the rotation, past the key's activation (${activatesAt - rotatedAt} ms): ` +
            'the run was too slow to check that a published key does not sign before its activation time',
        );
      }
      expect(decodeJwt(issued.body.access_token!).header.kid).toBe(before);
    }
    const publishedMs = Date.now() - rotatedAt;
    await new Promise((r) => setTimeout(r, Math.max(0, activatesAt - Date.now()) + 100));
    const jwksB = createLocalJWKSet((await (await fetch(`${b.url}/jwks.json`, { signal: AbortSignal.timeout(10_000) })).json()) as { keys: [] });
    for (const server of [a, b]) {
      const issued = await clientCredentials(server);
      expect(issued.status).toBe(200);
      expect(decodeJwt(issued.body.access_token!).header).toMatchObject({ alg: 'ES256', kid: key!.kid });
      // What either process signs, the other's JWKS verifies.
      await expect(jwtVerify(issued.body.access_token!, jwksB, { issuer })).resolves.toBeDefined();
    }
    process.stdout.write(`cluster: new key published by both ${publishedMs} ms after rotation; signing ${activatesAt - rotatedAt} ms after\n`);
  }, 30_000);

  it('counts failed client authentications sent to A and to B against one limit (4): the 5th is refused on either', async () => {
    const wrong = basic(limited.client_id, 'not-the-secret');
    const statuses: number[] = [];
    for (const server of [a, b, a, b]) statuses.push((await clientCredentials(server, wrong)).status);
    // Two failures on each process: neither would refuse on its own count.
    expect(statuses).toEqual([401, 401, 401, 401]);
    for (const server of [a, b]) {
      const refused = await clientCredentials(server, wrong);
      expect(refused).toMatchObject({ status: 429, retryAfter: expect.stringMatching(/^\d+$/), body: { error: 'temporarily_unavailable' } });
    }
    // Over the limit, even the right secret waits, on both processes.
    for (const server of [a, b]) expect((await clientCredentials(server, basic(limited.client_id, limited.client_secret))).status).toBe(429);
    // Another client is unaffected.
    expect((await clientCredentials(b)).status).toBe(200);
  });
});
