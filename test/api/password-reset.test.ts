import { getData, postToken } from '../../generated/sdk.gen.js';
import { signInAndAuthorize } from '../helpers/browser-flow.js';
import { recentAuditEvents, registerClient, registerUser, startTestServer, type TestClient, type TestServer } from '../helpers/test-server.js';
import { cliEnv, runCli } from '../cli/run-cli.js';
import { testDatabaseUrl } from '../helpers/test-database.js';

/**
 * An admin resets a compromised account (`latchkey users set-password`): whatever the attacker got
 * with the old password stops working. Refresh tokens and the access tokens of their families are
 * revoked, browser sessions end (`--keep-sessions` keeps the sessions, never the tokens).
 */
let server: TestServer;
let web: TestClient;
let app: TestClient;
const databaseUrl = testDatabaseUrl();

beforeAll(async () => {
  server = await startTestServer({ databaseUrl });
  web = await registerClient(server.lk, { grantTypes: ['authorization_code'], redirectUris: ['https://app.example/cb'], scopes: ['openid', 'read'], firstParty: true });
  app = await registerClient(server.lk, { grantTypes: ['password', 'refresh_token'], firstParty: true });
});
afterAll(() => server.close());

/** What an attacker holding the old password has: a browser session, a refresh token and an access token. */
async function stolen() {
  const person = await registerUser(server.lk);
  const { browser } = await signInAndAuthorize(server, { client: web, user: person, params: { scope: 'openid read' } });
  const tokens = await postToken({ client: server.sdk, body: { grant_type: 'password', username: person.username, password: person.password, scope: 'read' }, headers: { Authorization: app.basic } });
  const refreshToken = tokens.data?.refresh_token ?? '';
  const accessToken = tokens.data?.access_token ?? '';
  const check = async () => ({
    session: (await browser.get('/account')).status === 200,
    accessToken: (await getData({ client: server.sdk, headers: { Authorization: `Bearer ${accessToken}` } })).response.status === 200,
  });
  const refresh = () => postToken({ client: server.sdk, body: { grant_type: 'refresh_token', refresh_token: refreshToken }, headers: { Authorization: app.basic } });
  expect(await check()).toEqual({ session: true, accessToken: true });
  return { person, check, refresh };
}

describe('resetting a password', () => {
  it("revokes the user's grant families and ends the user's sessions, and says so in the audit trail", async () => {
    const { person, check, refresh } = await stolen();
    const reset = await server.lk.users.setPassword(person.username, 'a brand new long password');
    expect({ families: reset.grantsRevoked, sessions: reset.sessionsEnded }).toEqual({ families: 1, sessions: 1 });
    expect(await check()).toEqual({ session: false, accessToken: false });
    expect((await refresh()).response.status).toBe(400);
    const [event] = (await recentAuditEvents(server, 20, 'user.password_changed')).filter((e) => e.subject === person.user.id);
    expect(event?.detail).toEqual({ refresh_token_families_revoked: 1, sessions_ended: 1, sessions_kept: false });
  });

  it('keeps the browser sessions with --keep-sessions, but never the tokens', async () => {
    const { person, check, refresh } = await stolen();
    const run = await runCli(cliEnv({ DATABASE_URL: databaseUrl }), ['users', 'set-password', person.username, '--password-stdin', '--keep-sessions'], 'a brand new long password\n');
    expect(run).toMatchObject({ status: 0, stderr: '', stdout: `Password set for ${person.username}; revoked 1 grant family, kept the sessions\n` });
    expect(await check()).toEqual({ session: true, accessToken: false });
    expect((await refresh()).response.status).toBe(400);
  });

  it('from the CLI, ends the sessions and says what it revoked', async () => {
    const { person, check } = await stolen();
    const run = await runCli(cliEnv({ DATABASE_URL: databaseUrl }), ['users', 'set-password', person.username, '--password-stdin'], 'a brand new long password\n');
    expect(run).toMatchObject({ status: 0, stderr: '', stdout: `Password set for ${person.username}; revoked 1 grant family, ended 1 session\n` });
    expect(await check()).toEqual({ session: false, accessToken: false });
  });
});
