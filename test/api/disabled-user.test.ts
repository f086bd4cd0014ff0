import { getData, getOpenidConfiguration, postIntrospect, postToken } from '../../generated/sdk.gen.js';
import { type Browser, callbackParams, codeFrom, createBrowser, csrfFrom, redeemCode, signInAndAuthorize } from '../helpers/browser-flow.js';
import { recentAuditEvents, registerClient, registerUser, startTestServer, type TestClient, type TestServer } from '../helpers/test-server.js';

/**
 * A disabled user gets no token by any path: every grant, every response type of /authorize, and no
 * session of theirs counts any more (`assertUserMayReceiveTokens`, services/account-state.ts).
 */
let server: TestServer;
/** A first-party web app (no consent page) for every response type. */
let web: TestClient;
/** A first-party app using the password grant, with and without refresh tokens. */
let withRefresh: TestClient;
let withoutRefresh: TestClient;
/** A resource server of the built-in API allowed to impersonate users towards it (RFC 8693 token exchange). */
let exchanger: TestClient;
const tokenExchange = 'urn:ietf:params:oauth:grant-type:token-exchange';
const accessTokenType = 'urn:ietf:params:oauth:token-type:access_token';

beforeAll(async () => {
  server = await startTestServer();
  web = await registerClient(server.lk, {
    grantTypes: ['authorization_code', 'refresh_token'],
    redirectUris: ['https://app.example/cb'],
    scopes: ['openid', 'read', 'offline_access'],
    implicit: true,
    firstParty: true,
  });
  withRefresh = await registerClient(server.lk, { grantTypes: ['password', 'refresh_token'], firstParty: true });
  withoutRefresh = await registerClient(server.lk, { grantTypes: ['password'], firstParty: true });
  exchanger = await registerClient(server.lk, { grantTypes: [tokenExchange], resourceServer: true, scopes: [] });
  await server.lk.exchangePolicies.create({
    clientId: exchanger.client.clientId,
    subjectClientId: null,
    resource: server.lk.config.audience,
    maxScopes: ['read'],
    mode: 'impersonation',
    maxDepth: 0,
    anyAudience: false,
  });
});
afterAll(() => server.close());

type Person = Awaited<ReturnType<typeof registerUser>>;
type TokenAnswer = Awaited<ReturnType<typeof postToken>>;

const passwordGrant = (client: TestClient, person: Person) =>
  postToken({ client: server.sdk, body: { grant_type: 'password', username: person.username, password: person.password, scope: 'read' }, headers: { Authorization: client.basic } });

/**
 * One row per registered grant type: what a user does while enabled, returning the request to repeat
 * once the user is disabled. A grant type without a row fails the test (the registry is read below).
 */
const grantRows: Record<string, ((person: Person) => Promise<() => Promise<TokenAnswer>>) | 'no user'> = {
  authorization_code: async (person) => {
    const signedIn = await signInAndAuthorize(server, { client: web, user: person, params: { scope: 'openid read' } });
    const code = codeFrom(signedIn);
    return () => redeemCode(server, web, { code, redirect_uri: web.client.redirectUris[0], code_verifier: signedIn.verifier });
  },
  password: async (person) => {
    expect((await passwordGrant(withRefresh, person)).response.status).toBe(200);
    return () => passwordGrant(withRefresh, person);
  },
  refresh_token: async (person) => {
    const first = await passwordGrant(withRefresh, person);
    const refreshToken = first.data?.refresh_token ?? '';
    expect(refreshToken).not.toBe('');
    return () => postToken({ client: server.sdk, body: { grant_type: 'refresh_token', refresh_token: refreshToken }, headers: { Authorization: withRefresh.basic } });
  },
  // A client's own token: there is no user whose state could matter.
  client_credentials: 'no user',
  [tokenExchange]: async (person) => {
    const subject = (await passwordGrant(withRefresh, person)).data?.access_token ?? '';
    const exchange = () =>
      postToken({
        client: server.sdk,
        body: { grant_type: tokenExchange, subject_token: subject, subject_token_type: accessTokenType, resource: server.lk.config.audience },
        headers: { Authorization: exchanger.basic },
      });
    expect((await exchange()).response.status).toBe(200);
    return exchange;
  },
};

/** One row per response type the server announces: the authorization request's parameters. */
const responseTypeRows: Record<string, Record<string, string>> = {
  code: { response_type: 'code', scope: 'openid read' },
  token: { response_type: 'token', scope: 'read' },
  'id_token token': { response_type: 'id_token token', scope: 'openid read', nonce: 'n-0S6_WzA2Mj' },
};

/** `/authorize` in a browser that may hold a session, without following the redirect to the login page. */
function authorizeIn(browser: Browser, params: Record<string, string>) {
  const query = new URLSearchParams({ client_id: web.client.clientId, redirect_uri: web.client.redirectUris[0] as string, state: 'xyz', ...params });
  if (params.response_type === 'code') {
    query.set('code_challenge', 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM');
    query.set('code_challenge_method', 'S256');
  }
  return browser.get(`/authorize?${query.toString()}`);
}

async function signInAgain(person: Person) {
  const browser = createBrowser(server.url);
  const form = await browser.get('/login');
  return browser.post('/login', { username: person.username, password: person.password, csrf_token: csrfFrom(form.html) });
}

describe('a disabled user gets no token by any grant or response type', () => {
  it('has a row for every registered grant type', () => {
    expect(Object.keys(grantRows).sort()).toEqual([...server.lk.grants.keys()].sort());
  });

  const userGrants = Object.keys(grantRows).filter((g) => grantRows[g] !== 'no user');

  it.each(userGrants)('grant_type=%s: refused with invalid_grant once the user is disabled', async (grantType) => {
    const row = grantRows[grantType] as Exclude<(typeof grantRows)[string], 'no user'>;
    const person = await registerUser(server.lk);
    const repeat = await row(person);
    await server.lk.users.disable(person.username);
    const answer = await repeat();
    expect({ status: answer.response.status, error: ('error' in answer ? (answer.error as { error?: string } | undefined)?.error : undefined), token: answer.data?.access_token }).toEqual({ status: 400, error: 'invalid_grant', token: undefined });
  });

  it('has a row for every response type the server announces', async () => {
    const metadata = await getOpenidConfiguration({ client: server.sdk });
    expect(Object.keys(responseTypeRows).sort()).toEqual([...(metadata.data?.response_types_supported ?? [])].sort());
  });

  it.each(Object.keys(responseTypeRows))('response_type=%s: the session no longer counts, and signing in again is refused', async (responseType) => {
    const params = responseTypeRows[responseType] as Record<string, string>;
    const person = await registerUser(server.lk);
    const before = await signInAndAuthorize(server, { client: web, user: person, params });
    const delivered = callbackParams(before.location ?? '');
    expect(delivered.code ?? delivered.access_token).toBeDefined();
    // The session alone answers while the user is enabled.
    expect(callbackParams((await authorizeIn(before.browser, { ...params, prompt: 'none' })).location ?? '').error).toBeUndefined();

    await server.lk.users.disable(person.username);

    const silent = await authorizeIn(before.browser, { ...params, prompt: 'none' });
    const answer = callbackParams(silent.location ?? '');
    expect({ status: silent.status, error: answer.error, code: answer.code, access_token: answer.access_token, id_token: answer.id_token }).toEqual({
      status: 302,
      error: 'login_required',
      code: undefined,
      access_token: undefined,
      id_token: undefined,
    });
    const interactive = await authorizeIn(before.browser, params);
    expect({ status: interactive.status, location: interactive.location }).toEqual({ status: 303, location: '/login' });
    const again = await signInAgain(person);
    expect(again.status).toBe(200);
    expect(again.html).toContain('Wrong username or password.');
  });
});

describe('a user disabled some other way (an older process, the database), with families still live', () => {
  it('cannot rotate a refresh token', async () => {
    const person = await registerUser(server.lk);
    const repeat = await (grantRows.refresh_token as Exclude<(typeof grantRows)[string], 'no user'>)(person);
    await server.lk.storage.users.setDisabled(person.user.id, Date.now(), Date.now());
    const answer = await repeat();
    expect({ status: answer.response.status, token: answer.data?.access_token }).toEqual({ status: 400, token: undefined });
  });
});

describe("disabling a user ends the user's browser sessions", () => {
  it('removes them at once: the account page and /authorize ask to sign in again', async () => {
    const person = await registerUser(server.lk);
    const { browser } = await signInAndAuthorize(server, { client: web, user: person, params: { scope: 'openid read' } });
    expect((await browser.get('/account')).status).toBe(200);
    const { sessionsEnded } = await server.lk.users.disable(person.username);
    expect(sessionsEnded).toBe(1);
    expect(await server.lk.db('sessions').where({ user_id: person.user.id }).first()).toBeUndefined();
    expect(await browser.get('/account')).toMatchObject({ status: 303, location: '/login' });
    expect(await authorizeIn(browser, { response_type: 'code', scope: 'openid read' })).toMatchObject({ status: 303, location: '/login' });
    const [event] = (await recentAuditEvents(server, 20, 'user.disabled')).filter((e) => e.subject === person.user.id);
    // The code was never redeemed, so no grant family exists yet.
    expect(event?.detail).toEqual({ refresh_token_families_revoked: 0, sessions_ended: 1 });
  });

  it('does not count a session whose user was disabled some other way (an older process, the database), and ends it', async () => {
    const person = await registerUser(server.lk);
    const { browser } = await signInAndAuthorize(server, { client: web, user: person, params: { scope: 'openid read' } });
    await server.lk.storage.users.setDisabled(person.user.id, Date.now(), Date.now());
    expect(await browser.get('/account')).toMatchObject({ status: 303, location: '/login' });
    const silent = await authorizeIn(browser, { response_type: 'token', scope: 'read', prompt: 'none' });
    expect(callbackParams(silent.location ?? '')).toMatchObject({ error: 'login_required' });
    expect(await server.lk.db('sessions').where({ user_id: person.user.id }).first()).toBeUndefined();
  });
});

describe('every user token belongs to a grant family', () => {
  it('a password-grant access token without a refresh token dies with the disable, at /data and at introspection', async () => {
    const person = await registerUser(server.lk);
    const issued = await passwordGrant(withoutRefresh, person);
    expect(issued.data?.refresh_token).toBeUndefined();
    const token = issued.data?.access_token ?? '';
    const data = () => getData({ client: server.sdk, headers: { Authorization: `Bearer ${token}` } });
    const introspect = () => postIntrospect({ client: server.sdk, body: { token }, headers: { Authorization: withoutRefresh.basic } });
    expect((await data()).response.status).toBe(200);
    expect((await introspect()).data?.active).toBe(true);

    const { grantsRevoked } = await server.lk.users.disable(person.username);
    expect(grantsRevoked).toBe(1);

    const refused = await data();
    expect(refused.response.status).toBe(401);
    expect(refused.response.headers.get('www-authenticate')).toContain('error="invalid_token"');
    expect((await introspect()).data).toEqual({ active: false });
  });

  it('so does an implicit access token', async () => {
    const person = await registerUser(server.lk);
    const result = await signInAndAuthorize(server, { client: web, user: person, params: responseTypeRows.token });
    const token = callbackParams(result.location ?? '').access_token ?? '';
    const data = () => getData({ client: server.sdk, headers: { Authorization: `Bearer ${token}` } });
    expect((await data()).response.status).toBe(200);
    await server.lk.users.disable(person.username);
    expect((await data()).response.status).toBe(401);
  });
});
