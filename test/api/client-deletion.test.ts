import { getData, postIntrospect, postToken } from '../../generated/sdk.gen.js';
import { registerClient, registerUser, startTestServer, type TestClient, type TestServer } from '../helpers/test-server.js';

/**
 * Deleting a client ends every token issued to it, at once: the revocation-aware check refuses a token
 * whose client no longer exists. Before, families were deleted with their client (ON DELETE CASCADE),
 * so a token killed by reuse detection came back to life, and client-credentials tokens (which have
 * no family) kept working until they expired. Runs on SQLite and on MySQL (`npm run test:mysql`).
 */
let server: TestServer;
/** A resource server that introspects tokens of every client (RFC 7662 §4). */
let api: TestClient;

beforeAll(async () => {
  server = await startTestServer();
  api = await registerClient(server.lk, { grantTypes: ['client_credentials'], resourceServer: true });
});
afterAll(() => server.close());

const data = (token: string) => getData({ client: server.sdk, headers: { Authorization: `Bearer ${token}` } });
const introspect = async (token: string) => (await postIntrospect({ client: server.sdk, body: { token }, headers: { Authorization: api.basic } })).data;
const refresh = (client: TestClient, refreshToken: string) =>
  postToken({ client: server.sdk, body: { grant_type: 'refresh_token', refresh_token: refreshToken }, headers: { Authorization: client.basic } });

describe('deleting a client', () => {
  it('keeps a token revoked by reuse detection revoked (the family row goes with the client)', async () => {
    const app = await registerClient(server.lk, { grantTypes: ['password', 'refresh_token'], firstParty: true });
    const { username, password } = await registerUser(server.lk);
    const first = await postToken({ client: server.sdk, body: { grant_type: 'password', username, password, scope: 'read' }, headers: { Authorization: app.basic } });
    const accessToken = first.data?.access_token ?? '';
    const stolenRefresh = first.data?.refresh_token ?? '';
    expect((await refresh(app, stolenRefresh)).response.status).toBe(200);
    // The rotated token comes back: reuse detection revokes the family and so the first access token (RFC 9700 §4.14.2).
    expect((await refresh(app, stolenRefresh)).response.status).toBe(400);
    expect((await data(accessToken)).response.status).toBe(401);
    expect(await introspect(accessToken)).toEqual({ active: false });

    await server.lk.clients.delete(app.client.clientId);

    const answer = await data(accessToken);
    expect(answer.response.status).toBe(401);
    expect(answer.response.headers.get('www-authenticate')).toContain('error="invalid_token"');
    expect(await introspect(accessToken)).toEqual({ active: false });
  });

  it("refuses the client's live user tokens at once", async () => {
    const app = await registerClient(server.lk, { grantTypes: ['password', 'refresh_token'], firstParty: true });
    const { username, password } = await registerUser(server.lk);
    const issued = await postToken({ client: server.sdk, body: { grant_type: 'password', username, password, scope: 'read' }, headers: { Authorization: app.basic } });
    const accessToken = issued.data?.access_token ?? '';
    expect((await data(accessToken)).response.status).toBe(200);
    await server.lk.clients.delete(app.client.clientId);
    expect((await data(accessToken)).response.status).toBe(401);
    expect(await introspect(accessToken)).toEqual({ active: false });
    expect(await introspect(issued.data?.refresh_token ?? '')).toEqual({ active: false });
  });

  it('refuses its client-credentials tokens, which have no family, at once at /data and at introspection', async () => {
    const machine = await registerClient(server.lk, { grantTypes: ['client_credentials'], scopes: ['read'] });
    const issued = await postToken({ client: server.sdk, body: { grant_type: 'client_credentials' }, headers: { Authorization: machine.basic } });
    const accessToken = issued.data?.access_token ?? '';
    expect((await data(accessToken)).response.status).toBe(200);
    expect(await introspect(accessToken)).toMatchObject({ active: true, client_id: machine.client.clientId });

    await server.lk.clients.delete(machine.client.clientId);

    expect((await data(accessToken)).response.status).toBe(401);
    expect(await introspect(accessToken)).toEqual({ active: false });
  });
});
