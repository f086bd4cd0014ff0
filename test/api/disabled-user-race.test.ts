import { postIntrospect, postToken } from '../../generated/sdk.gen.js';
import { atomicStepHooks } from '../helpers/atomic-step-barrier.js';
import { callbackParams, codeFrom, redeemCode, signInAndAuthorize } from '../helpers/browser-flow.js';
import { onMysql, onServerDatabase } from '../helpers/test-database.js';
import { registerClient, registerUser, startTestServer, type TestClient, type TestServer } from '../helpers/test-server.js';

/**
 * `users disable` committing while a grant is being recorded: between the grant's account check and
 * its family insert. The check reads the user under a shared lock held to the end of the grant's
 * transaction (RefreshTokens.recordGrant), so the disable waits for the grant to commit and then
 * revokes the new family with the others. With a plain read the disable would commit in between and
 * miss the family it cannot see yet, leaving a live token for a disabled user.
 */
const hooks = atomicStepHooks();
let server: TestServer;
let app: TestClient;
let web: TestClient;

beforeAll(async () => {
  server = await startTestServer({ beforeAtomicStep: hooks.hook });
  app = await registerClient(server.lk, { grantTypes: ['password', 'refresh_token'], firstParty: true });
  web = await registerClient(server.lk, {
    grantTypes: ['authorization_code', 'refresh_token'],
    redirectUris: ['https://app.example/cb'],
    scopes: ['openid', 'read', 'offline_access'],
    implicit: true,
    firstParty: true,
  });
});
afterEach(() => hooks.reset());
afterAll(() => server.close());

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Transactions of the test database waiting for a row lock: InnoDB's view on MySQL, pg_stat_activity on PostgreSQL. */
const lockWaitsSql = onMysql
  ? "select count(*) as n from information_schema.innodb_trx where trx_state = 'LOCK WAIT'"
  : "select count(*) as n from pg_stat_activity where wait_event_type = 'Lock' and datname = current_database()";

async function lockWaits(): Promise<number> {
  const result = (await server.lk.db.raw(lockWaitsSql)) as [Array<{ n: unknown }>] | { rows: Array<{ n: unknown }> };
  const rows = Array.isArray(result) ? result[0] : result.rows;
  return Number(rows[0]?.n);
}

/**
 * Resolves once the disable is stuck behind the grant's transaction: on MySQL or PostgreSQL, when the
 * server shows a transaction waiting for a lock; on SQLite, whose one connection the grant holds, after a pause.
 */
async function disableIsWaiting(disabling: Promise<unknown>): Promise<'waiting' | undefined> {
  if (!onServerDatabase) return sleep(200).then(() => 'waiting');
  let settled = false;
  const settle = () => void (settled = true);
  disabling.then(settle, settle);
  while (!settled) {
    if ((await lockWaits()) > 0) return 'waiting';
    // InnoDB refreshes its table only when nobody read it for 100 ms.
    await sleep(150);
  }
  return undefined;
}

/** Disables `username` from inside the grant's `grant.record` step; reports whether the disable had to wait for the grant. */
function disableDuringGrantRecord(username: string): { disabled: () => Promise<unknown>; outcome: () => string | undefined } {
  let disabling: Promise<unknown> | undefined;
  let outcome: string | undefined;
  hooks.on('grant.record', async () => {
    hooks.reset();
    disabling = server.lk.users.disable(username);
    outcome = await Promise.race([disabling.then(() => 'committed first'), disableIsWaiting(disabling)]);
  });
  return { disabled: () => disabling ?? Promise.reject(new Error('the grant never reached grant.record')), outcome: () => outcome };
}

const isActive = async (client: TestClient, token: string) =>
  (await postIntrospect({ client: server.sdk, body: { token }, headers: { Authorization: client.basic } })).data?.active;

describe('a user disabled while a grant is being recorded', () => {
  it('password grant: the disable waits for the grant and revokes its family, access and refresh token alike', async () => {
    const person = await registerUser(server.lk);
    const race = disableDuringGrantRecord(person.username);
    const answer = await postToken({
      client: server.sdk,
      body: { grant_type: 'password', username: person.username, password: person.password, scope: 'read' },
      headers: { Authorization: app.basic },
    });
    await race.disabled();
    expect(race.outcome()).toBe('waiting');
    expect(answer.response.status).toBe(200);
    expect(await isActive(app, answer.data!.access_token)).toBe(false);
    const refreshed = await postToken({ client: server.sdk, body: { grant_type: 'refresh_token', refresh_token: answer.data!.refresh_token! }, headers: { Authorization: app.basic } });
    expect(refreshed.error).toMatchObject({ error: 'invalid_grant' });
  });

  it('code redemption: the same, for the tokens the code gave', async () => {
    const person = await registerUser(server.lk);
    const signedIn = await signInAndAuthorize(server, { client: web, user: person, params: { scope: 'openid read offline_access' } });
    const race = disableDuringGrantRecord(person.username);
    const answer = await redeemCode(server, web, { code: codeFrom(signedIn), redirect_uri: web.client.redirectUris[0], code_verifier: signedIn.verifier });
    await race.disabled();
    expect(race.outcome()).toBe('waiting');
    expect(answer.response.status).toBe(200);
    expect(await isActive(web, answer.data!.access_token)).toBe(false);
  });

  it('a disable that commits before the grant reads the user is seen: the grant is refused', async () => {
    const person = await registerUser(server.lk);
    const signedIn = await signInAndAuthorize(server, { client: web, user: person, params: { scope: 'openid read' } });
    hooks.on('authorization_code.consume', async () => {
      hooks.reset();
      await server.lk.users.disable(person.username);
    });
    const answer = await redeemCode(server, web, { code: codeFrom(signedIn), redirect_uri: web.client.redirectUris[0], code_verifier: signedIn.verifier });
    expect(answer.error).toMatchObject({ error: 'invalid_grant' });
  });

  /** Disables `username` before the grant's transaction begins, after its password or session was checked. */
  const disableBeforeGrantBegins = (username: string) =>
    hooks.on('grant.begin', async () => {
      hooks.reset();
      await server.lk.users.disable(username);
    });

  it('password grant: a disable after the password check is seen by the grant, which is refused', async () => {
    const person = await registerUser(server.lk);
    disableBeforeGrantBegins(person.username);
    const answer = await postToken({
      client: server.sdk,
      body: { grant_type: 'password', username: person.username, password: person.password, scope: 'read' },
      headers: { Authorization: app.basic },
    });
    expect(answer.response.status).toBe(400);
    expect(answer.error).toEqual({ error: 'invalid_grant', error_description: 'The username or password is incorrect.' });
  });

  it.each(['token', 'id_token token'])('implicit (%s): a disable after the session was resolved sends access_denied back, no token (OIDC Core §3.2.2.6)', async (responseType) => {
    const person = await registerUser(server.lk);
    const first = await signInAndAuthorize(server, { client: web, user: person, params: { scope: 'openid read' } });
    disableBeforeGrantBegins(person.username);
    const params = { response_type: responseType, scope: 'openid read', nonce: 'n-0S6_WzA2Mj', code_challenge: undefined, code_challenge_method: undefined };
    const answer = await signInAndAuthorize(server, { client: web, browser: first.browser, params });
    const fragment = callbackParams(answer.location ?? '');
    expect(fragment).toMatchObject({ error: 'access_denied', state: answer.request.state });
    expect(fragment.access_token).toBeUndefined();
    expect(fragment.id_token).toBeUndefined();
  });
});
