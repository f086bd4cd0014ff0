import { getUserinfo, postRevoke, postToken, postUserinfo, revokeAccountGrant } from '../../generated/sdk.gen.js';
import { codeFrom, redeemCode, signInAndAuthorize } from '../helpers/browser-flow.js';
import { registerClient, registerUser, startTestServer, type TestClient, type TestServer } from '../helpers/test-server.js';

/**
 * OIDC Core §5.3 UserInfo: claims by scope (§5.4), the bearer challenges of RFC 6750 §3,
 * and refusal of revoked tokens and of disabled users at once.
 */

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server.close());

const redirectUri = 'https://app.example.com/cb';

// ---- fixtures ----

interface Tokens {
  access: string;
  refresh?: string;
  client: TestClient;
  userId: string;
}

async function codeClient(): Promise<TestClient> {
  return registerClient(server.lk, {
    grantTypes: ['authorization_code', 'refresh_token'],
    scopes: ['openid', 'profile', 'email', 'offline_access', 'read'],
    redirectUris: [redirectUri],
  });
}

/** Runs the code + PKCE flow for a fresh user (or the one given) and redeems the code. */
async function obtainTokens(scope: string, who?: { username: string; password: string; userId: string }, client?: TestClient): Promise<Tokens> {
  const app = client ?? (await codeClient());
  let user = who;
  if (!user) {
    const created = await registerUser(server.lk);
    user = { username: created.username, password: created.password, userId: created.user.id };
  }
  const result = await signInAndAuthorize(server, { client: app, user, params: { scope, state: 's' } });
  const res = await redeemCode(server, app, { code: codeFrom(result), redirect_uri: redirectUri, code_verifier: result.verifier });
  expect(res.response.status).toBe(200);
  return { access: res.data!.access_token, ...(res.data!.refresh_token ? { refresh: res.data!.refresh_token } : {}), client: app, userId: user.userId };
}

const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });

/** Parses `Bearer a="b", c="d"` into its parameters. */
function challenge(header: string | null): { scheme: string; params: Record<string, string> } {
  expect(header).not.toBeNull();
  const [scheme = '', rest = ''] = /^(\S+)\s*(.*)$/.exec(header!)!.slice(1);
  const params: Record<string, string> = {};
  for (const m of rest.matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)) params[m[1]!] = m[2]!;
  return { scheme, params };
}

async function expectInvalidToken(access: string): Promise<void> {
  for (const call of [getUserinfo, postUserinfo]) {
    const res = await call({ client: server.sdk, headers: bearer(access) });
    expect(res.response.status).toBe(401);
    expect(res.error).toMatchObject({ error: 'invalid_token' });
    const { scheme, params } = challenge(res.response.headers.get('www-authenticate'));
    expect(scheme).toBe('Bearer');
    expect(params).toMatchObject({ realm: 'latchkey', error: 'invalid_token' });
  }
}

describe('GET and POST /userinfo (OIDC Core §5.3)', () => {
  it('answers only `sub` with the openid scope alone, on GET and on POST, without caching', async () => {
    const { access, userId } = await obtainTokens('openid');
    for (const call of [getUserinfo, postUserinfo]) {
      const res = await call({ client: server.sdk, headers: bearer(access) });
      expect(res.response.status).toBe(200);
      expect(res.response.headers.get('content-type')).toMatch(/^application\/json\b/);
      expect(res.response.headers.get('cache-control')).toBe('no-store');
      expect(res.data).toEqual({ sub: userId });
    }
  });

  it('adds name, preferred_username and updated_at for profile, but no email', async () => {
    const { user, username, password } = await registerUser(server.lk);
    const { access } = await obtainTokens('openid profile', { username, password, userId: user.id });
    const res = await getUserinfo({ client: server.sdk, headers: bearer(access) });
    expect(res.response.status).toBe(200);
    expect(res.data).toEqual({ sub: user.id, name: 'Test User', preferred_username: username, updated_at: Math.floor(user.updatedAt / 1000) });
  });

  it('adds email and email_verified for email, and reports verification as it is stored', async () => {
    const { user, username, password } = await registerUser(server.lk);
    const unverified = await obtainTokens('openid email', { username, password, userId: user.id });
    const res = await postUserinfo({ client: server.sdk, headers: bearer(unverified.access) });
    expect(res.data).toEqual({ sub: user.id, email: `${username}@example.com`, email_verified: false });

    const verifiedName = `verified-${process.pid}-${Date.now().toString(36)}`;
    const verified = await server.lk.users.create({ username: verifiedName, password: 'correct horse battery staple', email: `${verifiedName}@example.com`, emailVerified: true });
    const tokens = await obtainTokens('openid profile email', { username: verifiedName, password: 'correct horse battery staple', userId: verified.id });
    const both = await getUserinfo({ client: server.sdk, headers: bearer(tokens.access) });
    expect(both.data).toEqual({
      sub: verified.id,
      preferred_username: verifiedName,
      updated_at: Math.floor(verified.updatedAt / 1000),
      email: `${verifiedName}@example.com`,
      email_verified: true,
    });
  });

  it('omits claims the user has no value for (no name, no email) instead of sending null', async () => {
    const username = `bare-${process.pid}-${Date.now().toString(36)}`;
    const user = await server.lk.users.create({ username, password: 'correct horse battery staple' });
    const { access } = await obtainTokens('openid profile email', { username, password: 'correct horse battery staple', userId: user.id });
    const res = await getUserinfo({ client: server.sdk, headers: bearer(access) });
    expect(res.response.status).toBe(200);
    expect(res.data).toEqual({ sub: user.id, preferred_username: username, updated_at: Math.floor(user.updatedAt / 1000) });
  });

  it('refuses a token without the openid scope: 403 insufficient_scope naming scope="openid"', async () => {
    const { access } = await obtainTokens('profile email read');
    for (const call of [getUserinfo, postUserinfo]) {
      const res = await call({ client: server.sdk, headers: bearer(access) });
      expect(res.response.status).toBe(403);
      expect(res.error).toMatchObject({ error: 'insufficient_scope' });
      const header = res.response.headers.get('www-authenticate');
      expect(header).toMatch(/^Bearer realm="latchkey", error="insufficient_scope", (error_description="[^"]*", )?scope="openid"$/);
      expect(challenge(header).params).toMatchObject({ realm: 'latchkey', error: 'insufficient_scope', scope: 'openid' });
    }
  });

  it('answers a request without a token with 401 and a bare challenge (RFC 6750 §3.1)', async () => {
    for (const call of [getUserinfo, postUserinfo]) {
      const res = await call({ client: server.sdk });
      expect(res.response.status).toBe(401);
      expect(res.response.headers.get('www-authenticate')).toBe('Bearer realm="latchkey"');
      expect(res.error).not.toHaveProperty('error');
    }
  });

  it('answers a malformed or forged token with 401 invalid_token', async () => {
    await expectInvalidToken('not-a-jwt');
    const { access } = await obtainTokens('openid');
    const [h, p, s] = access.split('.') as [string, string, string];
    const payload = JSON.parse(Buffer.from(p, 'base64url').toString('utf8')) as Record<string, unknown>;
    const forged = `${h}.${Buffer.from(JSON.stringify({ ...payload, sub: 'someone-else' })).toString('base64url')}.${s}`;
    await expectInvalidToken(forged);
  });

  it('refuses the access token at once when its refresh token is revoked (RFC 7009)', async () => {
    const tokens = await obtainTokens('openid offline_access');
    expect(tokens.refresh).toBeDefined();
    expect((await getUserinfo({ client: server.sdk, headers: bearer(tokens.access) })).response.status).toBe(200);
    const revoked = await postRevoke({ client: server.sdk, body: { token: tokens.refresh!, token_type_hint: 'refresh_token' }, headers: { Authorization: tokens.client.basic } });
    expect(revoked.response.status).toBe(200);
    await expectInvalidToken(tokens.access);
  });

  it('refuses the access token at once when the access token itself is revoked', async () => {
    const tokens = await obtainTokens('openid');
    expect((await getUserinfo({ client: server.sdk, headers: bearer(tokens.access) })).response.status).toBe(200);
    const revoked = await postRevoke({ client: server.sdk, body: { token: tokens.access }, headers: { Authorization: tokens.client.basic } });
    expect(revoked.response.status).toBe(200);
    await expectInvalidToken(tokens.access);
  });

  it('refuses the access token at once when the user revokes the consent, even without offline_access', async () => {
    const { user, username, password } = await registerUser(server.lk);
    const who = { username, password, userId: user.id };
    const app = await codeClient();
    const tokens = await obtainTokens('openid profile', who, app);
    expect(tokens.refresh).toBeUndefined();
    expect((await getUserinfo({ client: server.sdk, headers: bearer(tokens.access) })).response.status).toBe(200);

    // The user's own account-management token (first-party, password grant).
    const manager = await registerClient(server.lk, { grantTypes: ['password'], scopes: ['account'], firstParty: true });
    const own = await postToken({ client: server.sdk, body: { grant_type: 'password', username, password, scope: 'account' }, headers: { Authorization: manager.basic } });
    const res = await revokeAccountGrant({ client: server.sdk, path: { client_id: app.client.clientId }, headers: bearer(own.data!.access_token) });
    expect(res.response.status).toBe(204);
    await expectInvalidToken(tokens.access);
  });

  it('refuses tokens of a disabled user with 401 invalid_token', async () => {
    const { user, username, password } = await registerUser(server.lk);
    const tokens = await obtainTokens('openid offline_access', { username, password, userId: user.id });
    expect((await getUserinfo({ client: server.sdk, headers: bearer(tokens.access) })).response.status).toBe(200);
    await server.lk.users.disable(username);
    await expectInvalidToken(tokens.access);
  });

  it("checks the user itself: a user disabled in the database (token family still live) is refused", async () => {
    const { user, username, password } = await registerUser(server.lk);
    const tokens = await obtainTokens('openid profile', { username, password, userId: user.id });
    expect((await getUserinfo({ client: server.sdk, headers: bearer(tokens.access) })).response.status).toBe(200);
    await server.lk.db('users').where({ id: user.id }).update({ disabled_at: Date.now() });
    await expectInvalidToken(tokens.access);
  });

  it('refuses a client_credentials token (no user behind it) even when it carries openid', async () => {
    const machine = await registerClient(server.lk, { grantTypes: ['client_credentials'], scopes: ['openid', 'read'] });
    const res = await postToken({ client: server.sdk, body: { grant_type: 'client_credentials', scope: 'openid read' }, headers: { Authorization: machine.basic } });
    expect(res.response.status).toBe(200);
    expect(res.data?.scope).toBe('openid read');
    await expectInvalidToken(res.data!.access_token);
  });
});
