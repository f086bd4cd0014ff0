import { getData, postIntrospect, postToken } from '../../generated/sdk.gen.js';
import { recentAuditEvents, registerClient, registerUser, startTestServer, type TestClient, type TestServer } from '../helpers/test-server.js';

/**
 * Deleting a user (`latchkey users delete`) ends every token issued to the user, at once: the user's
 * grants go with the user row, and the revocation-aware check refuses a token whose grant no longer
 * exists, as it refuses a token whose client no longer exists. Runs on SQLite and on MySQL.
 */
let server: TestServer;
let api: TestClient;
let app: TestClient;

beforeAll(async () => {
  server = await startTestServer();
  api = await registerClient(server.lk, { grantTypes: ['client_credentials'], resourceServer: true });
  app = await registerClient(server.lk, { grantTypes: ['password', 'refresh_token'], firstParty: true });
});
afterAll(() => server.close());

const data = (token: string) => getData({ client: server.sdk, headers: { Authorization: `Bearer ${token}` } });
const introspect = async (token: string) => (await postIntrospect({ client: server.sdk, body: { token }, headers: { Authorization: api.basic } })).data;
const signIn = (username: string, password: string) =>
  postToken({ client: server.sdk, body: { grant_type: 'password', username, password, scope: 'read' }, headers: { Authorization: app.basic } });

describe('deleting a user', () => {
  it("refuses the user's live access and refresh tokens at once, and the audit event counts what ended", async () => {
    const person = await registerUser(server.lk);
    const issued = await signIn(person.username, person.password);
    const accessToken = issued.data?.access_token ?? '';
    expect((await data(accessToken)).response.status).toBe(200);
    expect(await introspect(accessToken)).toMatchObject({ active: true });

    const deleted = await server.lk.users.delete(person.username);
    expect(deleted).toMatchObject({ grantsEnded: 1, sessionsEnded: 0 });

    const answer = await data(accessToken);
    expect(answer.response.status).toBe(401);
    expect(answer.response.headers.get('www-authenticate')).toContain('error="invalid_token"');
    expect(await introspect(accessToken)).toEqual({ active: false });
    const refreshed = await postToken({ client: server.sdk, body: { grant_type: 'refresh_token', refresh_token: issued.data?.refresh_token ?? '' }, headers: { Authorization: app.basic } });
    expect(refreshed.error).toMatchObject({ error: 'invalid_grant' });
    expect((await signIn(person.username, person.password)).error).toMatchObject({ error: 'invalid_grant' });
    const [event] = await recentAuditEvents(server, 1, 'user.deleted');
    expect(event).toMatchObject({ subject: deleted.user.id, detail: { grants_ended: 1, sessions_ended: 0 } });
  });

  it('leaves other users and client-credentials tokens alone', async () => {
    const [gone, stays] = [await registerUser(server.lk), await registerUser(server.lk)];
    const staysToken = (await signIn(stays.username, stays.password)).data?.access_token ?? '';
    const machine = await postToken({ client: server.sdk, body: { grant_type: 'client_credentials' }, headers: { Authorization: api.basic } });
    await server.lk.users.delete(gone.username);
    expect((await data(staysToken)).response.status).toBe(200);
    expect(await introspect(machine.data?.access_token ?? '')).toMatchObject({ active: true });
  });
});
