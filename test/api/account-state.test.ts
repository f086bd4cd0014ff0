/**
 * One account-state check (src/services/account-state.ts): every endpoint that serves a user's data
 * refuses a token of a user who is no longer active, the same way, even while the token's grant lives
 * (the user was disabled by an older process or in the database, so nothing was revoked).
 */
import { getCurrentUser, getUserinfo, listAccountGrants, postToken } from '../../generated/sdk.gen.js';
import { registerClient, registerUser, startTestServer, type TestServer } from '../helpers/test-server.js';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server.close());

describe('one account-state check', () => {
  it('refuses a live token of a since-disabled user at /userinfo, /users/me and /account/grants alike', async () => {
    const client = await registerClient(server.lk, { grantTypes: ['password'], firstParty: true, scopes: ['openid', 'read', 'account'] });
    const person = await registerUser(server.lk);
    const issued = await postToken({ client: server.sdk, body: { grant_type: 'password', username: person.username, password: person.password, scope: 'openid read account' }, headers: { Authorization: client.basic } });
    const headers = { Authorization: `Bearer ${issued.data!.access_token}` };
    const statuses = async () => Promise.all([getUserinfo, getCurrentUser, listAccountGrants].map(async (call) => {
      const { response } = await call({ client: server.sdk, headers });
      return [response.status, response.headers.get('www-authenticate')];
    }));
    expect(await statuses()).toEqual([[200, null], [200, null], [200, null]]);

    await server.lk.storage.users.setDisabled(person.user.id, Date.now(), Date.now());
    const refused = [401, 'Bearer realm="latchkey", error="invalid_token", error_description="The access token was not issued for an active user."'];
    expect(await statuses()).toEqual([refused, refused, refused]);
  });
});
