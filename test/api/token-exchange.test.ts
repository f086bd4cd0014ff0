import { randomBytes } from 'node:crypto';
import { postIntrospect, postToken } from '../../generated/sdk.gen.js';
import { codeFrom, redeemCode, signInAndAuthorize } from '../helpers/browser-flow.js';
import { jwtPayload, recentAuditEvents, registerClient, registerUser, startTestServer, type TestClient, type TestServer } from '../helpers/test-server.js';

// Issue 12 §2: delegation by token exchange (RFC 8693). Names are unique per run: the MySQL database is shared.
const run = randomBytes(4).toString('hex');
const front = `https://front-${run}.example`;
const back = `https://back-${run}.example`;
const frontRead = `front-${run}:read`;
const backRead = `back-${run}:read`;
const backWrite = `back-${run}:write`;
const exchange = 'urn:ietf:params:oauth:grant-type:token-exchange';
const accessTokenType = 'urn:ietf:params:oauth:token-type:access_token';

let server: TestServer;
let frontApi: TestClient;
let backApi: TestClient;
let app: TestClient;

beforeAll(async () => {
  server = await startTestServer();
  for (const name of [frontRead, backRead, backWrite]) await server.lk.scopes.create(name, `Scope ${name}`);
  // The front-end API: a resource server tied to its API, which exchanges and acts with its own token.
  frontApi = await registerClient(server.lk, { resourceServer: true, grantTypes: ['client_credentials', exchange], scopes: ['read'] });
  backApi = await registerClient(server.lk, { resourceServer: true, scopes: [] });
  await server.lk.apis.create({ identifier: front, name: 'Front API', scopes: [frontRead], resourceServerClientId: frontApi.client.clientId });
  await server.lk.apis.create({ identifier: back, name: 'Back API', scopes: [backRead, backWrite], resourceServerClientId: backApi.client.clientId });
  app = await registerClient(server.lk, {
    grantTypes: ['authorization_code', 'refresh_token'],
    redirectUris: ['https://app.example/cb'],
    scopes: ['openid', 'offline_access', 'read', frontRead, backRead, backWrite],
    firstParty: true,
  });
  await server.lk.exchangePolicies.create({
    clientId: frontApi.client.clientId,
    subjectClientId: app.client.clientId,
    resource: back,
    maxScopes: [backRead],
    mode: 'delegation',
    maxDepth: 1,
    anyAudience: false,
  });
});
afterAll(() => server.close());

/** A user signs in to the app, which gets a token for the front API (the subject token), with back:read granted too. */
async function userToken(scope = `openid ${frontRead} ${backRead} ${backWrite}`) {
  const { username, password, user } = await registerUser(server.lk);
  const result = await signInAndAuthorize(server, { client: app, user: { username, password }, params: { scope }, extraParams: [['resource', front]] });
  const res = await redeemCode(server, app, { code: codeFrom(result), redirect_uri: 'https://app.example/cb', code_verifier: result.verifier });
  expect(res.response.status).toBe(200);
  return { token: res.data!.access_token, user };
}

async function actorToken(client: TestClient = frontApi) {
  const res = await postToken({ client: server.sdk, body: { grant_type: 'client_credentials', scope: 'read' }, headers: { Authorization: client.basic } });
  return res.data!.access_token;
}

function exchangeFor(client: TestClient, body: Record<string, string>) {
  return postToken({
    client: server.sdk,
    body: { grant_type: exchange, subject_token_type: accessTokenType, ...body } as { grant_type: typeof exchange; subject_token: string; subject_token_type: string },
    headers: { Authorization: client.basic },
  });
}

const introspect = (rs: TestClient, token: string) => postIntrospect({ client: server.sdk, body: { token }, headers: { Authorization: rs.basic } });

describe('token exchange (RFC 8693)', () => {
  it('exchanges a user’s token for the back API’s with the chain in act, within the policy and the subject’s lifetime', async () => {
    const { token: subject, user } = await userToken();
    const actor = await actorToken();
    const res = await exchangeFor(frontApi, { subject_token: subject, actor_token: actor, actor_token_type: accessTokenType, resource: back });
    expect(res.response.status).toBe(200);
    expect(res.data).toMatchObject({ token_type: 'Bearer', scope: backRead, issued_token_type: accessTokenType });
    expect(res.data).not.toHaveProperty('refresh_token');
    const claims = jwtPayload(res.data!.access_token);
    const subjectClaims = jwtPayload(subject);
    expect(claims).toMatchObject({ sub: user.id, aud: back, client_id: frontApi.client.clientId, scope: backRead, act: { sub: frontApi.client.clientId, client_id: frontApi.client.clientId } });
    expect(claims.grant_id).toBe(subjectClaims.grant_id);
    expect(claims.exp as number).toBeLessThanOrEqual(subjectClaims.exp as number);
    // How the user signed in carries over, so a step-up rule downstream still sees it.
    expect({ acr: claims.acr, amr: claims.amr, auth_time: claims.auth_time }).toEqual({ acr: subjectClaims.acr, amr: subjectClaims.amr, auth_time: subjectClaims.auth_time });
    expect((await introspect(backApi, res.data!.access_token)).data).toMatchObject({ active: true, aud: back, act: { sub: frontApi.client.clientId } });
    const [event] = await recentAuditEvents(server, 1, 'token.issued');
    expect(event?.detail).toMatchObject({ grant_type: 'token_exchange', aud: back, act: { sub: frontApi.client.clientId } });
  });

  it('refuses both tokens at once when the user revokes the app’s access (revocation cascades)', async () => {
    const { token: subject } = await userToken();
    const exchanged = (await exchangeFor(frontApi, { subject_token: subject, actor_token: await actorToken(), actor_token_type: accessTokenType, resource: back })).data!.access_token;
    expect((await introspect(backApi, exchanged)).data).toMatchObject({ active: true });
    // What DELETE /account/grants/{client_id} does for the signed-in user.
    expect(await server.lk.consents.revoke(String(jwtPayload(subject).sub), app.client.clientId)).toBe(true);
    expect((await introspect(backApi, exchanged)).data).toEqual({ active: false });
    expect((await introspect(frontApi, subject)).data).toEqual({ active: false });
    const again = await exchangeFor(frontApi, { subject_token: subject, actor_token: await actorToken(), actor_token_type: accessTokenType, resource: back });
    expect(again.error).toMatchObject({ error: 'invalid_grant' });
  });

  it.each([
    ['no policy for the API', { resource: front }, 'invalid_target'],
    ['an unregistered API', { resource: 'https://nowhere.example' }, 'invalid_target'],
    ['resource and audience that differ', { resource: back, audience: front }, 'invalid_target'],
    ['no target', {}, 'invalid_request'],
    ['no actor token for a delegation policy', { resource: back, actor_token: undefined }, 'invalid_request'],
    ['a scope outside the policy', { resource: back, scope: backWrite }, 'invalid_scope'],
    ['another requested token type', { resource: back, requested_token_type: 'urn:ietf:params:oauth:token-type:id_token' }, 'invalid_request'],
    ['another subject token type', { resource: back, subject_token_type: 'urn:ietf:params:oauth:token-type:jwt' }, 'invalid_request'],
    ['a malformed subject token', { resource: back, subject_token: 'not-a-jwt' }, 'invalid_grant'],
    ['an oversized subject token', { resource: back, subject_token: 'x'.repeat(9000) }, 'invalid_request'],
  ])('refuses %s', async (_label, overrides: Record<string, string | undefined>, error) => {
    const { token: subject } = await userToken();
    const body: Record<string, string> = { subject_token: subject, actor_token: await actorToken(), actor_token_type: accessTokenType };
    for (const [name, value] of Object.entries(overrides)) {
      if (value === undefined) delete body[name];
      else body[name] = value;
    }
    if (!('actor_token' in body)) delete body.actor_token_type;
    const res = await exchangeFor(frontApi, body);
    expect(res.response.status).toBe(400);
    expect(res.error).toMatchObject({ error });
  });

  it('takes a client-credentials token as actor, never as subject, and only the requester’s own as actor', async () => {
    const { token: subject } = await userToken();
    const ccToken = await actorToken();
    const asSubject = await exchangeFor(frontApi, { subject_token: ccToken, actor_token: ccToken, actor_token_type: accessTokenType, resource: back });
    expect(asSubject.error).toMatchObject({ error: 'invalid_grant' });
    const stranger = await registerClient(server.lk, { scopes: ['read'] });
    const othersActor = await exchangeFor(frontApi, { subject_token: subject, actor_token: await actorToken(stranger), actor_token_type: accessTokenType, resource: back });
    expect(othersActor.error).toMatchObject({ error: 'invalid_grant' });
  });

  it('refuses a client without a policy, and a subject token meant for another API', async () => {
    const other = await registerClient(server.lk, { resourceServer: true, grantTypes: ['client_credentials', exchange], scopes: ['read'] });
    const { token: subject } = await userToken();
    const res = await exchangeFor(other, { subject_token: subject, actor_token: await actorToken(other), actor_token_type: accessTokenType, resource: back });
    expect(res.error).toMatchObject({ error: 'invalid_target' });
    await server.lk.exchangePolicies.create({ clientId: other.client.clientId, subjectClientId: null, resource: back, maxScopes: [backRead], mode: 'delegation', maxDepth: 1, anyAudience: false });
    const notForIt = await exchangeFor(other, { subject_token: subject, actor_token: await actorToken(other), actor_token_type: accessTokenType, resource: back });
    expect(notForIt.error).toMatchObject({ error: 'invalid_grant' });
    const [refusal] = await recentAuditEvents(server, 1, 'token.exchange_refused');
    expect(refusal?.detail).toMatchObject({ reason: 'subject_not_for_requester', error: 'invalid_grant' });
  });

  it('refuses the token of a user disabled behind its back, even while the grant is still live (the account check itself)', async () => {
    const { token: subject, user } = await userToken();
    await server.lk.db('users').where({ id: user.id }).update({ disabled_at: Date.now() });
    const res = await exchangeFor(frontApi, { subject_token: subject, actor_token: await actorToken(), actor_token_type: accessTokenType, resource: back });
    expect(res.error).toMatchObject({ error: 'invalid_grant', error_description: 'The subject_token is not active.' });
  });

  it('refuses a disabled user’s token', async () => {
    const { token: subject, user } = await userToken();
    await server.lk.users.disable(user.username);
    const res = await exchangeFor(frontApi, { subject_token: subject, actor_token: await actorToken(), actor_token_type: accessTokenType, resource: back });
    expect(res.error).toMatchObject({ error: 'invalid_grant' });
  });
});

