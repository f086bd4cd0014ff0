import { createClient, createConfig, type Client } from '../../generated/client/index.js';
import {
  createAdminClient,
  createAdminScope,
  createAdminUser,
  deleteAdminClient,
  deleteAdminScope,
  deleteAdminUser,
  disableAdminUser,
  enableAdminUser,
  getAdminClient,
  getAdminUser,
  getData,
  listAdminAuditEvents,
  listAdminClients,
  listAdminKeys,
  listAdminScopes,
  listAdminUsers,
  postIntrospect,
  postRevoke,
  postToken,
  rotateAdminClientSecret,
  rotateAdminKeys,
  setAdminUserPassword,
  updateAdminClient,
  updateAdminScope,
} from '../../generated/sdk.gen.js';
import { basicAuth, jwtPayload, registerClient, registerUser, startTestServer, type TestClient, type TestServer } from '../helpers/test-server.js';
import { enrolTotp } from '../helpers/second-factors.js';

/**
 * Issue 13 §4: the admin API. Tokens with the `admin` scope come only to admin clients by client credentials,
 * alone, with the admin audience; the admin API accepts no other token and no other API accepts them. Every
 * change is audited with the acting client. Runs on SQLite and on MySQL (`npm run test:mysql`).
 */
let server: TestServer;
let admin: TestClient;
let api: Client;
const unique = () => `${process.pid}-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`;

async function tokenFor(client: TestClient, scope?: string) {
  return postToken({ client: server.sdk, body: { grant_type: 'client_credentials', ...(scope ? { scope } : {}) }, headers: { Authorization: client.basic } });
}

async function adminToken(client: TestClient = admin): Promise<string> {
  const answer = await tokenFor(client, 'admin');
  expect(answer.response.status).toBe(200);
  return answer.data?.access_token ?? '';
}

function sdkWith(token: string): Client {
  return createClient(createConfig({ baseUrl: server.url, auth: () => token }));
}

/** The newest audit event of this kind, after the batched rows are written. */
async function lastEvent(event: string) {
  await server.lk.auditor.flush();
  const [row] = await server.lk.storage.auditEvents.list({ event, limit: 1 });
  return row;
}

beforeAll(async () => {
  server = await startTestServer();
  admin = await registerClient(server.lk, { clientName: 'Console', grantTypes: ['client_credentials'], scopes: [], admin: true });
  api = sdkWith(await adminToken());
});
afterAll(() => server.close());

describe('admin tokens', () => {
  it('are issued to an admin client by client credentials, with the admin audience only', async () => {
    const answer = await tokenFor(admin, 'admin');
    expect(answer.data).toMatchObject({ scope: 'admin', token_type: 'Bearer' });
    const claims = jwtPayload(answer.data?.access_token ?? '');
    expect(claims.aud).toBe(`${server.url}/admin`);
    expect(claims.aud).toBe(server.lk.config.adminAudience);
    expect(claims.client_id).toBe(admin.client.clientId);
  });

  it('are refused to a client not registered as admin (invalid_scope)', async () => {
    const ordinary = await registerClient(server.lk, { grantTypes: ['client_credentials'], scopes: ['read'] });
    const answer = await tokenFor(ordinary, 'admin');
    expect(answer.response.status).toBe(400);
    expect(answer.error).toMatchObject({ error: 'invalid_scope' });
  });

  it('are refused together with other scopes, so one token never serves two audiences', async () => {
    const both = await registerClient(server.lk, { grantTypes: ['client_credentials'], scopes: ['read'], admin: true });
    const answer = await tokenFor(both, 'admin read');
    expect(answer.response.status).toBe(400);
    expect(answer.error).toMatchObject({ error: 'invalid_scope' });
    // Without `admin` it gets an ordinary token of its registered scopes.
    const ordinary = await tokenFor(both);
    expect(ordinary.data?.scope).toBe('read');
    expect(jwtPayload(ordinary.data?.access_token ?? '').aud).toBe(server.lk.config.audience);
  });

  it('are refused to any client not admin, by any grant, even one registered for an `admin` scope row written straight to the store', async () => {
    // A scope named admin cannot be created (reserved), but a database may hold one from before the admin API.
    if (!(await server.lk.storage.scopes.list()).some((s) => s.name === 'admin')) await server.lk.storage.scopes.insert({ name: 'admin', description: 'legacy', descriptions: {}, apiId: null, createdAt: Date.now() });
    const legacy = await registerClient(server.lk, { grantTypes: ['client_credentials', 'password'], firstParty: true, scopes: ['admin'] });
    const byClient = await tokenFor(legacy, 'admin');
    expect(byClient.error).toMatchObject({ error: 'invalid_scope' });
    const { username, password } = await registerUser(server.lk);
    const byUser = await postToken({ client: server.sdk, body: { grant_type: 'password', username, password, scope: 'admin' }, headers: { Authorization: legacy.basic } });
    expect(byUser.error).toMatchObject({ error: 'invalid_scope' });
    // An admin client with a password grant that the registration rules would refuse, written straight to the store.
    const { clientId: _id, clientSecretHash: _h, previousSecretHash: _p, previousSecretExpiresAt: _e, createdAt: _c, updatedAt: _u, ...registration } = legacy.client;
    await server.lk.storage.clients.updateRegistration(legacy.client.clientId, { ...registration, admin: true }, Date.now());
    const adminByUser = await postToken({ client: server.sdk, body: { grant_type: 'password', username, password, scope: 'admin' }, headers: { Authorization: legacy.basic } });
    expect(adminByUser.error).toMatchObject({ error: 'invalid_scope' });
    await server.lk.scopes.delete('admin', { force: true });
  });

  it('are refused at /data (another audience), and ordinary tokens are refused at /admin', async () => {
    const atData = await getData({ client: server.sdk, headers: { Authorization: `Bearer ${await adminToken()}` } });
    expect(atData.response.status).toBe(401);
    expect(atData.response.headers.get('www-authenticate')).toContain('error="invalid_token"');

    const both = await registerClient(server.lk, { grantTypes: ['client_credentials'], scopes: ['read'], admin: true });
    const ordinary = (await tokenFor(both, 'read')).data?.access_token ?? '';
    expect((await getData({ client: server.sdk, headers: { Authorization: `Bearer ${ordinary}` } })).response.status).toBe(200);
    const atAdmin = await listAdminClients({ client: sdkWith(ordinary) });
    expect(atAdmin.response.status).toBe(401);
    expect(atAdmin.error).toMatchObject({ error: 'invalid_token' });
    expect(atAdmin.response.headers.get('www-authenticate')).toMatch(/^Bearer .*error="invalid_token"/);
  });

  it('are needed: no token is 401 with a bare Bearer challenge', async () => {
    const answer = await listAdminClients({ client: server.sdk });
    expect(answer.response.status).toBe(401);
    expect(answer.response.headers.get('www-authenticate')).toMatch(/^Bearer/);
    expect(answer.response.headers.get('www-authenticate')).not.toContain('error=');
  });

  it('stop working when their client is demoted, deleted, or the token is revoked', async () => {
    const second = await registerClient(server.lk, { grantTypes: ['client_credentials'], scopes: [], admin: true });
    const demoted = await adminToken(second);
    expect((await listAdminScopes({ client: sdkWith(demoted) })).response.status).toBe(200);
    expect((await updateAdminClient({ client: api, path: { client_id: second.client.clientId }, body: { admin: false } })).response.status).toBe(200);
    expect((await listAdminScopes({ client: sdkWith(demoted) })).response.status).toBe(401);

    const third = await registerClient(server.lk, { grantTypes: ['client_credentials'], scopes: [], admin: true });
    const orphan = await adminToken(third);
    expect((await deleteAdminClient({ client: api, path: { client_id: third.client.clientId } })).response.status).toBe(204);
    expect((await listAdminScopes({ client: sdkWith(orphan) })).response.status).toBe(401);

    const revoked = await adminToken();
    expect((await postRevoke({ client: server.sdk, body: { token: revoked }, headers: { Authorization: admin.basic } })).response.status).toBe(200);
    expect((await listAdminScopes({ client: sdkWith(revoked) })).response.status).toBe(401);
  });

  it('are active at introspection for their own client only, never for a resource server', async () => {
    const token = await adminToken();
    const resourceServer = await registerClient(server.lk, { grantTypes: ['client_credentials'], resourceServer: true });
    const byResourceServer = await postIntrospect({ client: server.sdk, body: { token }, headers: { Authorization: resourceServer.basic } });
    expect(byResourceServer.data).toEqual({ active: false });
    const byOwner = await postIntrospect({ client: server.sdk, body: { token }, headers: { Authorization: admin.basic } });
    expect(byOwner.data).toMatchObject({ active: true, scope: 'admin', aud: server.lk.config.adminAudience });
  });
});

describe('/admin/clients', () => {
  it('creates a client, returns its secret once, and never on reads', async () => {
    const name = `app-${unique()}`;
    const created = await createAdminClient({ client: api, body: { client_name: name, grant_types: ['client_credentials'], scope: 'read' } });
    expect(created.response.status).toBe(201);
    const clientId = created.data?.client_id ?? '';
    const secret = created.data?.client_secret ?? '';
    expect(secret.length).toBeGreaterThan(20);
    expect(created.data).toMatchObject({ client_name: name, scope: 'read', admin: false, token_endpoint_auth_method: 'client_secret_basic' });
    expect((await tokenFor({ client: created.data as never, secret, basic: basicAuth(clientId, secret) }, 'read')).response.status).toBe(200);

    const shown = await getAdminClient({ client: api, path: { client_id: clientId } });
    expect(shown.response.status).toBe(200);
    expect(shown.data).not.toHaveProperty('client_secret');
    const listed = await listAdminClients({ client: api });
    expect(listed.data?.find((c) => c.client_id === clientId)).toBeDefined();
    expect(JSON.stringify(listed.data)).not.toContain(secret);
    expect(listed.data?.some((c) => 'client_secret' in c)).toBe(false);

    const audit = await lastEvent('client.created');
    expect(audit).toMatchObject({ clientId, actorClientId: admin.client.clientId });
  });

  it('sets and clears require_mfa (issue 10)', async () => {
    const created = await createAdminClient({
      client: api,
      body: { client_name: `mfa-${unique()}`, grant_types: ['authorization_code'], scope: 'openid', redirect_uris: ['https://app.example/cb'], require_mfa: true },
    });
    expect(created.response.status).toBe(201);
    expect(created.data?.require_mfa).toBe(true);
    const clientId = created.data?.client_id ?? '';
    const cleared = await updateAdminClient({ client: api, path: { client_id: clientId }, body: { require_mfa: false } });
    expect(cleared.data?.require_mfa).toBe(false);
    expect((await server.lk.storage.clients.findById(clientId))?.requireMfa).toBe(false);
  });

  it('applies the CLI rules: 400 with a clear message', async () => {
    const unknownScope = await createAdminClient({ client: api, body: { client_name: 'x', grant_types: ['client_credentials'], scope: 'no-such-scope' } });
    expect(unknownScope.response.status).toBe(400);
    expect(unknownScope.error).toMatchObject({ error: 'invalid_request', error_description: 'unknown scope: no-such-scope' });
    const publicAdmin = await createAdminClient({ client: api, body: { client_name: 'x', grant_types: ['client_credentials'], token_endpoint_auth_method: 'none', admin: true } });
    expect(publicAdmin.response.status).toBe(400);
    const userAdmin = await createAdminClient({ client: api, body: { client_name: 'x', grant_types: ['client_credentials', 'password'], first_party: true, admin: true } });
    expect(userAdmin.response.status).toBe(400);
    expect(userAdmin.error?.error_description).toContain('client_credentials grant only');
    const noRedirect = await createAdminClient({ client: api, body: { client_name: 'x', grant_types: ['authorization_code'] } });
    expect(noRedirect.error?.error_description).toContain('redirect-uri');
    const unknownField = await createAdminClient({ client: api, body: { client_name: 'x', grant_types: ['client_credentials'], colour: 'red' } as never });
    expect(unknownField.response.status).toBe(400);
    // Found by the fuzzer: an undecodable path parameter was a 500.
    const undecodable = await fetch(`${server.url}/admin/clients/%`, { headers: { Authorization: `Bearer ${await adminToken()}` } });
    expect({ status: undecodable.status, body: await undecodable.json() }).toMatchObject({ status: 400, body: { error: 'invalid_request' } });
    const notJson = await fetch(`${server.url}/admin/clients`, { method: 'POST', headers: { Authorization: `Bearer ${await adminToken()}`, 'Content-Type': 'application/json' }, body: '{' });
    expect(notJson.status).toBe(400);
  });

  it('creates an admin client that obtains admin tokens', async () => {
    const created = await createAdminClient({ client: api, body: { client_name: `ops-${unique()}`, grant_types: ['client_credentials'], admin: true } });
    expect(created.response.status).toBe(201);
    const id = created.data?.client_id ?? '';
    const secret = created.data?.client_secret ?? '';
    const token = await adminToken({ client: created.data as never, secret, basic: basicAuth(id, secret) });
    expect((await listAdminScopes({ client: sdkWith(token) })).response.status).toBe(200);
    expect(await lastEvent('client.created')).toMatchObject({ clientId: id, detail: expect.objectContaining({ admin: true }) });
  });

  it('updates every field create accepts, with the same rules, and 404 for an unknown id', async () => {
    const machine = await registerClient(server.lk, { grantTypes: ['client_credentials'], scopes: ['read'] });
    const id = machine.client.clientId;
    const changed = await updateAdminClient({
      client: api,
      path: { client_id: id },
      body: {
        client_name: 'Renamed',
        grant_types: ['authorization_code', 'refresh_token', 'client_credentials'],
        scope: 'read write',
        redirect_uris: ['https://app.example/cb'],
        post_logout_redirect_uris: ['https://app.example/bye'],
        allowed_origins: ['https://app.example'],
        client_uri: 'https://app.example/about',
        token_endpoint_auth_method: 'client_secret_post',
        first_party: true,
        resource_server: true,
        pkce_required: false,
        id_token_signed_response_alg: 'ES256',
      },
    });
    expect(changed.response.status).toBe(200);
    expect(changed.data).toMatchObject({
      client_name: 'Renamed',
      scope: 'read write',
      redirect_uris: ['https://app.example/cb'],
      post_logout_redirect_uris: ['https://app.example/bye'],
      allowed_origins: ['https://app.example'],
      client_uri: 'https://app.example/about',
      token_endpoint_auth_method: 'client_secret_post',
      first_party: true,
      resource_server: true,
      pkce_required: false,
      id_token_signed_response_alg: 'ES256',
    });
    expect(changed.data).not.toHaveProperty('client_secret');
    expect(await lastEvent('client.updated')).toMatchObject({ clientId: id, actorClientId: admin.client.clientId });

    const toPublic = await updateAdminClient({ client: api, path: { client_id: id }, body: { token_endpoint_auth_method: 'none' } });
    expect(toPublic.response.status).toBe(400);
    const badUri = await updateAdminClient({ client: api, path: { client_id: id }, body: { redirect_uris: ['http://evil.example/cb'] } });
    expect(badUri.response.status).toBe(400);
    const badHome = await updateAdminClient({ client: api, path: { client_id: id }, body: { client_uri: 'http://app.example/about' } });
    expect(badHome.response.status).toBe(400);
    const cleared = await updateAdminClient({ client: api, path: { client_id: id }, body: { client_uri: '' } });
    expect(cleared.data).not.toHaveProperty('client_uri');
    const empty = await updateAdminClient({ client: api, path: { client_id: id }, body: {} });
    expect(empty.response.status).toBe(400);
    const missing = await updateAdminClient({ client: api, path: { client_id: 'no-such-client' }, body: { client_name: 'x' } });
    expect(missing.response.status).toBe(404);
    expect(missing.error).toMatchObject({ error: 'not_found' });
  });

  it('rotates a secret: the new one is returned once, the old one stops (or keeps working for a while)', async () => {
    const machine = await registerClient(server.lk, { grantTypes: ['client_credentials'], scopes: ['read'] });
    const id = machine.client.clientId;
    const rotated = await rotateAdminClientSecret({ client: api, path: { client_id: id } });
    expect(rotated.response.status).toBe(200);
    const secret = rotated.data?.client_secret ?? '';
    expect(rotated.data?.previous_secret_expires_at).toBeNull();
    expect((await tokenFor(machine)).response.status).toBe(401);
    expect((await tokenFor({ ...machine, basic: basicAuth(id, secret) })).response.status).toBe(200);
    expect(await lastEvent('client.secret_rotated')).toMatchObject({ clientId: id, actorClientId: admin.client.clientId });

    const kept = await rotateAdminClientSecret({ client: api, path: { client_id: id }, body: { keep_old_for_s: 600 } });
    expect(kept.data?.previous_secret_expires_at).toEqual(expect.any(Number));
    expect((await tokenFor({ ...machine, basic: basicAuth(id, secret) })).response.status).toBe(200);
    expect(JSON.stringify((await getAdminClient({ client: api, path: { client_id: id } })).data)).not.toContain(kept.data?.client_secret ?? '-');

    const negative = await rotateAdminClientSecret({ client: api, path: { client_id: id }, body: { keep_old_for_s: -1 } });
    expect(negative.response.status).toBe(400);
    expect((await rotateAdminClientSecret({ client: api, path: { client_id: 'no-such-client' } })).response.status).toBe(404);
  });

  it("deletes a client, ending its tokens, and answers 404 after", async () => {
    const machine = await registerClient(server.lk, { grantTypes: ['client_credentials'], scopes: ['read'] });
    const token = (await tokenFor(machine)).data?.access_token ?? '';
    expect((await deleteAdminClient({ client: api, path: { client_id: machine.client.clientId } })).response.status).toBe(204);
    expect((await getData({ client: server.sdk, headers: { Authorization: `Bearer ${token}` } })).response.status).toBe(401);
    expect(await lastEvent('client.deleted')).toMatchObject({ clientId: machine.client.clientId, actorClientId: admin.client.clientId });
    expect((await getAdminClient({ client: api, path: { client_id: machine.client.clientId } })).response.status).toBe(404);
    expect((await deleteAdminClient({ client: api, path: { client_id: machine.client.clientId } })).response.status).toBe(404);
  });
});

describe('/admin/users', () => {
  const password = 'correct horse battery staple';

  it('creates, shows and lists users without password hashes; 409 for a taken username, 400 for a weak password', async () => {
    const username = `u-${unique()}`;
    const created = await createAdminUser({ client: api, body: { username, password, email: `${username}@example.com`, name: 'Ada' } });
    expect(created.response.status).toBe(201);
    expect(created.data).toMatchObject({ username, email: `${username}@example.com`, name: 'Ada', disabled: false, email_verified: false });
    const id = created.data?.id ?? '';
    expect(await lastEvent('user.created')).toMatchObject({ subject: id, actorClientId: admin.client.clientId });
    const shown = await getAdminUser({ client: api, path: { user_id: id } });
    expect(shown.data).toEqual({ ...created.data, second_factors: { totp: null, totp_pending: false, recovery_codes: { left: 0, total: 0, created_at: null }, passkeys: [] } });
    const listed = await listAdminUsers({ client: api });
    expect(listed.data?.find((u) => u.id === id)).toEqual(created.data);
    expect(JSON.stringify(listed.data)).not.toContain('argon2');

    const taken = await createAdminUser({ client: api, body: { username: username.toUpperCase(), password } });
    expect(taken.response.status).toBe(409);
    expect(taken.error).toMatchObject({ error: 'conflict' });
    const weak = await createAdminUser({ client: api, body: { username: `w-${unique()}`, password: 'short' } });
    expect(weak.response.status).toBe(400);
    expect(weak.error).toMatchObject({ error: 'invalid_request' });
    expect((await getAdminUser({ client: api, path: { user_id: 'no-such-user' } })).response.status).toBe(404);
    // Ids are exact, on MySQL too (its default collation ignores case).
    expect((await getAdminUser({ client: api, path: { user_id: id.toUpperCase() } })).response.status).toBe(404);
  });

  it("shows a user's second factors, never a secret or a code", async () => {
    const { user } = await registerUser(server.lk);
    const { secret, recoveryCodes } = await enrolTotp(server.lk, user, Date.now());
    await server.lk.secondFactors.verify(user.id, { kind: 'recovery_code', code: recoveryCodes[0] ?? '' });
    const shown = await getAdminUser({ client: api, path: { user_id: user.id } });
    const since = Math.floor(Date.now() / 1000);
    expect(shown.data?.second_factors).toEqual({ totp: { enrolled_at: expect.any(Number) }, totp_pending: false, recovery_codes: { left: 9, total: 10, created_at: expect.any(Number) }, passkeys: [] });
    expect(Math.abs((shown.data?.second_factors?.totp?.enrolled_at ?? 0) - since)).toBeLessThan(60);
    const text = JSON.stringify(shown.data);
    expect(text).not.toContain(secret);
    for (const code of recoveryCodes) expect(text).not.toContain(code);
  });

  it('disables (revoking tokens) and enables a user', async () => {
    const { user, username } = await registerUser(server.lk);
    const app = await registerClient(server.lk, { grantTypes: ['password', 'refresh_token'], firstParty: true });
    const issued = await postToken({ client: server.sdk, body: { grant_type: 'password', username, password, scope: 'read' }, headers: { Authorization: app.basic } });
    const token = issued.data?.access_token ?? '';
    const disabled = await disableAdminUser({ client: api, path: { user_id: user.id } });
    expect(disabled.response.status).toBe(200);
    expect(disabled.data).toMatchObject({ id: user.id, disabled: true, refresh_token_families_revoked: 1 });
    expect((await getData({ client: server.sdk, headers: { Authorization: `Bearer ${token}` } })).response.status).toBe(401);
    expect(await lastEvent('user.disabled')).toMatchObject({ subject: user.id, actorClientId: admin.client.clientId });
    const enabled = await enableAdminUser({ client: api, path: { user_id: user.id } });
    expect(enabled.data).toMatchObject({ id: user.id, disabled: false });
    expect(await lastEvent('user.enabled')).toMatchObject({ subject: user.id, actorClientId: admin.client.clientId });
    expect((await disableAdminUser({ client: api, path: { user_id: 'no-such-user' } })).response.status).toBe(404);
  });

  it('sets a password with the policy, revoking the user tokens like the CLI', async () => {
    const { user, username } = await registerUser(server.lk);
    const app = await registerClient(server.lk, { grantTypes: ['password', 'refresh_token'], firstParty: true });
    const issued = await postToken({ client: server.sdk, body: { grant_type: 'password', username, password, scope: 'read' }, headers: { Authorization: app.basic } });
    const weak = await setAdminUserPassword({ client: api, path: { user_id: user.id }, body: { password: 'password' } });
    expect(weak.response.status).toBe(400);
    const reset = await setAdminUserPassword({ client: api, path: { user_id: user.id }, body: { password: 'a new and long passphrase' } });
    expect(reset.response.status).toBe(200);
    expect(reset.data).toMatchObject({ id: user.id, refresh_token_families_revoked: 1 });
    expect((await getData({ client: server.sdk, headers: { Authorization: `Bearer ${issued.data?.access_token ?? ''}` } })).response.status).toBe(401);
    const withNew = await postToken({ client: server.sdk, body: { grant_type: 'password', username, password: 'a new and long passphrase' }, headers: { Authorization: app.basic } });
    expect(withNew.response.status).toBe(200);
    expect(await lastEvent('user.password_changed')).toMatchObject({ subject: user.id, actorClientId: admin.client.clientId });
    expect((await setAdminUserPassword({ client: api, path: { user_id: 'no-such-user' }, body: { password: 'a new and long passphrase' } })).response.status).toBe(404);
  });

  it('deletes a user, then answers 404', async () => {
    const { user } = await registerUser(server.lk);
    const deleted = await deleteAdminUser({ client: api, path: { user_id: user.id } });
    expect(deleted.data).toMatchObject({ id: user.id, deleted: true });
    expect(await lastEvent('user.deleted')).toMatchObject({ subject: user.id, actorClientId: admin.client.clientId });
    expect((await getAdminUser({ client: api, path: { user_id: user.id } })).response.status).toBe(404);
    expect((await deleteAdminUser({ client: api, path: { user_id: user.id } })).response.status).toBe(404);
  });
});

describe('/admin/scopes', () => {
  it('creates, lists, updates and deletes scopes with the CLI rules', async () => {
    const name = `s-${unique()}`;
    const created = await createAdminScope({ client: api, body: { name, description: 'Some data' } });
    expect(created.response.status).toBe(201);
    expect(created.data).toMatchObject({ name, description: 'Some data' });
    expect(await lastEvent('scope.created')).toMatchObject({ actorClientId: admin.client.clientId, detail: { scope: name } });
    expect((await listAdminScopes({ client: api })).data?.map((s) => s.name)).toContain(name);
    expect((await createAdminScope({ client: api, body: { name } })).response.status).toBe(409);
    expect((await createAdminScope({ client: api, body: { name: 'admin' } })).error?.error_description).toContain('reserved');
    expect((await createAdminScope({ client: api, body: { name: 'has"quote' } })).response.status).toBe(400);

    const updated = await updateAdminScope({ client: api, path: { name }, body: { description: 'Other data' } });
    expect(updated.data).toMatchObject({ name, description: 'Other data' });
    expect(await lastEvent('scope.updated')).toMatchObject({ actorClientId: admin.client.clientId });
    expect((await updateAdminScope({ client: api, path: { name: 'no-such-scope' }, body: { description: 'x' } })).response.status).toBe(404);

    // Per-language texts (the rules of `scopes update --description it=...`): merged, an empty text removes one.
    const localized = await updateAdminScope({ client: api, path: { name }, body: { descriptions: { it: 'Altri dati', fr: 'Autres données' } } });
    expect(localized.data).toMatchObject({ description: 'Other data', descriptions: { it: 'Altri dati', fr: 'Autres données' } });
    const trimmed = await updateAdminScope({ client: api, path: { name }, body: { descriptions: { fr: '' } } });
    expect(trimmed.data?.descriptions).toEqual({ it: 'Altri dati' });
    expect((await updateAdminScope({ client: api, path: { name }, body: { descriptions: { Italian: 'x' } } })).response.status).toBe(400);
    expect((await updateAdminScope({ client: api, path: { name }, body: {} })).response.status).toBe(400);
    const withTexts = await createAdminScope({ client: api, body: { name: `${name}-2`, description: 'Data', descriptions: { it: 'Dati' } } });
    expect(withTexts.data).toMatchObject({ descriptions: { it: 'Dati' } });

    const holder = await registerClient(server.lk, { grantTypes: ['client_credentials'], scopes: [name] });
    const inUse = await deleteAdminScope({ client: api, path: { name } });
    expect(inUse.response.status).toBe(409);
    expect(inUse.error).toMatchObject({ error: 'conflict' });
    const forced = await deleteAdminScope({ client: api, path: { name }, query: { force: true } });
    expect(forced.data).toEqual({ name, deleted: true, clients_changed: [holder.client.clientId] });
    expect(await lastEvent('scope.deleted')).toMatchObject({ actorClientId: admin.client.clientId });
    expect((await deleteAdminScope({ client: api, path: { name } })).response.status).toBe(404);
  });
});

describe('/admin/audit-events', () => {
  it('lists newest first with the filters and paging of audit list', async () => {
    const machine = await registerClient(server.lk, { grantTypes: ['client_credentials'], scopes: ['read'] });
    for (let i = 0; i < 3; i += 1) await tokenFor(machine);
    await server.lk.auditor.flush();
    const first = await listAdminAuditEvents({ client: api, query: { client_id: machine.client.clientId, event: 'token.issued', limit: 2 } });
    expect(first.response.status).toBe(200);
    expect(first.data).toHaveLength(2);
    const [a, b] = first.data ?? [];
    expect((a?.id ?? 0) > (b?.id ?? 0)).toBe(true);
    const next = await listAdminAuditEvents({ client: api, query: { client_id: machine.client.clientId, event: 'token.issued', limit: 2, before: b?.id ?? 0 } });
    expect(next.data).toHaveLength(1);
    expect(next.data?.[0]).toMatchObject({ event: 'token.issued', client_id: machine.client.clientId, actor_client_id: null });
    const future = await listAdminAuditEvents({ client: api, query: { client_id: machine.client.clientId, since: new Date(Date.now() + 3_600_000).toISOString() } });
    expect(future.data).toEqual([]);

    const { user, username } = await registerUser(server.lk);
    await disableAdminUser({ client: api, path: { user_id: user.id } });
    await server.lk.auditor.flush();
    const byUser = await listAdminAuditEvents({ client: api, query: { user: username } });
    expect(byUser.data?.[0]).toMatchObject({ event: 'user.disabled', subject: user.id, actor_client_id: admin.client.clientId });

    expect((await listAdminAuditEvents({ client: api, query: { user: 'no-such-user' } })).response.status).toBe(400);
    expect((await listAdminAuditEvents({ client: api, query: { limit: 1001 } })).response.status).toBe(400);
    expect((await listAdminAuditEvents({ client: api, query: { since: 'yesterday' } })).response.status).toBe(400);
  });
});

describe('/admin/keys', () => {
  it('lists public key facts only and rotates, audited', async () => {
    const listed = await listAdminKeys({ client: api });
    expect(listed.response.status).toBe(200);
    for (const key of listed.data ?? []) expect(Object.keys(key).sort()).toEqual(['activates_at', 'alg', 'created_at', 'kid', 'state']);
    expect(listed.data?.some((k) => k.state === 'active')).toBe(true);

    const rotated = await rotateAdminKeys({ client: api, body: { alg: 'ES256' } });
    expect(rotated.response.status).toBe(201);
    expect(rotated.data).toEqual([expect.objectContaining({ alg: 'ES256', state: 'next' })]);
    expect(await lastEvent('signing_key.added')).toMatchObject({ actorClientId: admin.client.clientId, detail: expect.objectContaining({ kid: rotated.data?.[0]?.kid }) });
    expect((await listAdminKeys({ client: api })).data?.map((k) => k.kid)).toContain(rotated.data?.[0]?.kid);
    expect((await rotateAdminKeys({ client: api, body: { alg: 'HS256' as never } })).response.status).toBe(400);
  });
});
