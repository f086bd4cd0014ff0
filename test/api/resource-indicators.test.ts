import { randomBytes } from 'node:crypto';
import { getData, postIntrospect, postToken } from '../../generated/sdk.gen.js';
import { callbackParams, codeFrom, redeemCode, signInAndAuthorize } from '../helpers/browser-flow.js';
import { jwtPayload, recentAuditEvents, registerClient, registerUser, startTestServer, type TestClient, type TestServer } from '../helpers/test-server.js';

// Issue 12 §1: registered APIs and resource indicators (RFC 8707). Names are unique per run: the MySQL database is shared.
const run = randomBytes(4).toString('hex');
const notes = `https://notes-${run}.example/api`;
const calendar = `https://calendar-${run}.example`;
const notesRead = `notes-${run}:read`;
const notesWrite = `notes-${run}:write`;
const calRead = `cal-${run}:read`;

let server: TestServer;
let notesServer: TestClient;
let calendarServer: TestClient;
let builtInServer: TestClient;

beforeAll(async () => {
  server = await startTestServer();
  for (const name of [notesRead, notesWrite, calRead]) await server.lk.scopes.create(name, `Scope ${name}`);
  const resourceServer = () => registerClient(server.lk, { resourceServer: true, scopes: [] });
  [notesServer, calendarServer, builtInServer] = await Promise.all([resourceServer(), resourceServer(), resourceServer()]);
  await server.lk.apis.create({ identifier: notes, name: 'Notes API', scopes: [notesRead, notesWrite], accessTokenTtlS: 120, resourceServerClientId: notesServer.client.clientId });
  await server.lk.apis.create({ identifier: calendar, name: 'Calendar API', scopes: [calRead], resourceServerClientId: calendarServer.client.clientId });
});
afterAll(() => server.close());

const allScopes = () => ['openid', 'offline_access', 'read', 'write', notesRead, notesWrite, calRead];
const machine = () => registerClient(server.lk, { scopes: allScopes().filter((s) => s !== 'openid' && s !== 'offline_access') });
const webApp = () =>
  registerClient(server.lk, { grantTypes: ['authorization_code', 'refresh_token'], redirectUris: ['https://app.example/cb'], scopes: allScopes(), firstParty: true });

function clientCredentials(client: TestClient, body: Record<string, string>) {
  return postToken({ client: server.sdk, body: { grant_type: 'client_credentials', ...body }, headers: { Authorization: client.basic } });
}

function refresh(client: TestClient, refreshToken: string, body: Record<string, string> = {}) {
  return postToken({ client: server.sdk, body: { grant_type: 'refresh_token', refresh_token: refreshToken, ...body }, headers: { Authorization: client.basic } });
}

describe('resource at the token endpoint (RFC 8707 §2.2)', () => {
  it("issues a token whose aud is that API alone, with only that API's scopes and its own lifetime", async () => {
    const client = await machine();
    const res = await clientCredentials(client, { resource: notes });
    expect(res.response.status).toBe(200);
    expect(res.data).toMatchObject({ scope: `${notesRead} ${notesWrite}`, expires_in: 120 });
    const claims = jwtPayload(res.data!.access_token);
    expect(claims.aud).toBe(notes);
    expect(claims.scope).toBe(`${notesRead} ${notesWrite}`);
    expect((claims.exp as number) - (claims.iat as number)).toBe(120);
    const [event] = await recentAuditEvents(server, 1, 'token.issued');
    expect(event?.detail).toMatchObject({ aud: notes });
  });

  it("without resource, the token is the built-in API's, with the scopes of no registered API", async () => {
    const res = await clientCredentials(await machine(), {});
    expect(res.data?.scope).toBe('read write');
    expect(jwtPayload(res.data!.access_token).aud).toBe(server.lk.config.audience);
  });

  it("without resource, uses the client's default API (clients update --default-resource)", async () => {
    const { client, basic } = await machine();
    await server.lk.clients.update(client.clientId, { defaultResource: notes });
    const res = await clientCredentials({ client, basic, secret: '' }, {});
    expect(jwtPayload(res.data!.access_token)).toMatchObject({ aud: notes, scope: `${notesRead} ${notesWrite}` });
    const named = await clientCredentials({ client, basic, secret: '' }, { resource: server.lk.config.audience });
    expect(jwtPayload(named.data!.access_token)).toMatchObject({ aud: server.lk.config.audience, scope: 'read write' });
    await expect(server.lk.apis.update(notes, { identifier: `${notes}/v2` })).rejects.toThrow(/default API of client.*cannot be renamed/);
    await expect(server.lk.clients.update(client.clientId, { defaultResource: 'https://unknown.example' })).rejects.toThrow(/no such API/);
    await server.lk.clients.update(client.clientId, { defaultResource: '' });
    expect(jwtPayload((await clientCredentials({ client, basic, secret: '' }, {})).data!.access_token).aud).toBe(server.lk.config.audience);
  });

  it('names the API to ask for when only another API’s scopes are requested', async () => {
    const res = await clientCredentials(await machine(), { scope: notesRead });
    expect(res.response.status).toBe(400);
    expect(res.error).toMatchObject({ error: 'invalid_scope' });
    expect(res.error?.error_description).toMatch(/resource parameter/);
  });

  it.each([
    ['an unregistered API', 'https://unknown.example/'],
    ['a relative URI', '/notes'],
    ['a URI with a fragment', `${notes}#x`],
    ['not a URI', 'notes api'],
    ['an API none of whose scopes the request has', calendar],
  ])('answers invalid_target for %s', async (_label, resource) => {
    const res = await clientCredentials(await machine(), { resource, scope: `read ${notesRead}` });
    expect(res.response.status).toBe(400);
    expect(res.error).toMatchObject({ error: expect.stringMatching(/^invalid_(target|scope)$/) });
    if (resource !== calendar) expect(res.error).toMatchObject({ error: 'invalid_target' });
  });

  it('answers invalid_target for a repeated resource: an access token is for one API', async () => {
    const client = await machine();
    const res = await fetch(`${server.url}/token`, {
      method: 'POST',
      headers: { Authorization: client.basic, 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams([['grant_type', 'client_credentials'], ['resource', notes], ['resource', calendar]]).toString(),
    });
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ error: 'invalid_target' });
  });

  it('refuses a resource to the admin scope, which is for the admin API only', async () => {
    const admin = await registerClient(server.lk, { admin: true, scopes: [] });
    const res = await clientCredentials(admin, { scope: 'admin', resource: notes });
    expect(res.error).toMatchObject({ error: 'invalid_target' });
    const ok = await clientCredentials(admin, { scope: 'admin' });
    expect(jwtPayload(ok.data!.access_token).aud).toBe(server.lk.config.adminAudience);
  });

  it('takes the password grant’s resource, and refreshes for the same API unless another is named', async () => {
    const client = await registerClient(server.lk, { grantTypes: ['password', 'refresh_token'], firstParty: true, scopes: allScopes() });
    const { username, password } = await registerUser(server.lk);
    const res = await postToken({ client: server.sdk, body: { grant_type: 'password', username, password, resource: notes }, headers: { Authorization: client.basic } });
    expect(jwtPayload(res.data!.access_token).aud).toBe(notes);
    const again = await refresh(client, res.data!.refresh_token!);
    expect(jwtPayload(again.data!.access_token).aud).toBe(notes);
    const other = await refresh(client, again.data!.refresh_token!, { resource: calendar });
    expect(other.error).toMatchObject({ error: 'invalid_target' });
  });
});

describe('resource at the authorization endpoint (RFC 8707 §2.1)', () => {
  async function authorizeFor(client: TestClient, resources: string[], scope: string) {
    const { username, password } = await registerUser(server.lk);
    return signInAndAuthorize(server, { client, user: { username, password }, params: { scope }, extraParams: resources.map((r) => ['resource', r] as [string, string]) });
  }

  it('names the APIs on the consent page; the code gives a token for one of them at a time, and so does its refresh token', async () => {
    const client = await registerClient(server.lk, { grantTypes: ['authorization_code', 'refresh_token'], redirectUris: ['https://app.example/cb'], scopes: allScopes() });
    const result = await authorizeFor(client, [notes, calendar], `openid offline_access ${notesRead} ${calRead}`);
    expect(result.consentPage).toContain('Notes API');
    expect(result.consentPage).toContain('Calendar API');
    const code = codeFrom(result);

    const unnamed = await redeemCode(server, client, { code, redirect_uri: 'https://app.example/cb', code_verifier: result.verifier });
    expect(unnamed.error).toMatchObject({ error: 'invalid_target' });
    const notNamed = await redeemCode(server, client, { code, redirect_uri: 'https://app.example/cb', code_verifier: result.verifier, resource: server.lk.config.audience });
    expect(notNamed.error).toMatchObject({ error: 'invalid_target' });

    // A refused resource does not use the code up.
    const forNotes = await redeemCode(server, client, { code, redirect_uri: 'https://app.example/cb', code_verifier: result.verifier, resource: notes });
    expect(forNotes.response.status).toBe(200);
    expect(jwtPayload(forNotes.data!.access_token)).toMatchObject({ aud: notes, scope: notesRead });
    expect(forNotes.data?.id_token).toBeDefined();

    const forCalendar = await refresh(client, forNotes.data!.refresh_token!, { resource: calendar });
    expect(forCalendar.error).toBeUndefined();
    expect(jwtPayload(forCalendar.data!.access_token)).toMatchObject({ aud: calendar, scope: calRead });
    const unnamedRefresh = await refresh(client, forCalendar.data!.refresh_token!);
    expect(unnamedRefresh.error).toMatchObject({ error: 'invalid_target' });
    // The refused refresh did not use the refresh token up either.
    expect((await refresh(client, forCalendar.data!.refresh_token!, { resource: notes })).response.status).toBe(200);
  });

  it('uses the only API the request named when the token request names none', async () => {
    const client = await webApp();
    const result = await authorizeFor(client, [notes], `${notesRead} read`);
    const res = await redeemCode(server, client, { code: codeFrom(result), redirect_uri: 'https://app.example/cb', code_verifier: result.verifier });
    expect(jwtPayload(res.data!.access_token)).toMatchObject({ aud: notes, scope: notesRead });
  });

  it.each([
    ['an unregistered API', ['https://unknown.example/'], notesRead],
    ['a URI with a fragment', [`${notes}#f`], notesRead],
    ['an API none of whose requested scopes is', [calendar], notesRead],
  ])('redirects with invalid_target for %s', async (_label, resources, scope) => {
    const client = await webApp();
    const result = await authorizeFor(client, resources, scope);
    expect(callbackParams(result.location ?? '')).toMatchObject({ error: 'invalid_target' });
  });

  it('gives an implicit token for the one API named, and refuses two', async () => {
    const client = await registerClient(server.lk, { grantTypes: ['authorization_code'], implicit: true, redirectUris: ['https://app.example/cb'], scopes: allScopes(), firstParty: true });
    const { username, password } = await registerUser(server.lk);
    const implicit = (resources: string[]) =>
      signInAndAuthorize(server, { client, user: { username, password }, params: { response_type: 'token', scope: `${notesRead} ${calRead}`, code_challenge: undefined }, extraParams: resources.map((r) => ['resource', r] as [string, string]) });
    const one = await implicit([notes]);
    expect(one.location).toMatch(/#access_token=/);
    const fragment = new URLSearchParams(new URL(one.location ?? '').hash.slice(1));
    expect(jwtPayload(fragment.get('access_token') ?? '')).toMatchObject({ aud: notes, scope: notesRead });
    const two = await implicit([notes, calendar]);
    expect(new URLSearchParams(new URL(two.location ?? '').hash.slice(1)).get('error')).toBe('invalid_target');
  });
});

describe('each API sees only its own tokens', () => {
  const introspect = (rs: TestClient, token: string) => postIntrospect({ client: server.sdk, body: { token }, headers: { Authorization: rs.basic } });

  it("answers active: false to another API's resource server, and the built-in API refuses another API's token", async () => {
    const client = await machine();
    const forNotes = (await clientCredentials(client, { resource: notes })).data!.access_token;
    const forCalendar = (await clientCredentials(client, { resource: calendar })).data!.access_token;
    const builtIn = (await clientCredentials(client, {})).data!.access_token;

    expect((await introspect(notesServer, forNotes)).data).toMatchObject({ active: true, aud: notes });
    expect((await introspect(notesServer, forCalendar)).data).toEqual({ active: false });
    expect((await introspect(notesServer, builtIn)).data).toEqual({ active: false });
    expect((await introspect(calendarServer, forCalendar)).data).toMatchObject({ active: true, aud: calendar });
    expect((await introspect(calendarServer, forNotes)).data).toEqual({ active: false });
    expect((await introspect(builtInServer, builtIn)).data).toMatchObject({ active: true });
    expect((await introspect(builtInServer, forNotes)).data).toEqual({ active: false });
    // The token's own client still learns of every one of its tokens (RFC 7662 §2.1).
    expect((await introspect(client, forNotes)).data).toMatchObject({ active: true });

    expect((await getData({ client: server.sdk, headers: { Authorization: `Bearer ${forNotes}` } })).response.status).toBe(401);
    expect((await getData({ client: server.sdk, headers: { Authorization: `Bearer ${builtIn}` } })).response.status).toBe(200);
  });
});
