import { getAuthorizationServerMetadata, postIntrospect, postToken } from '../../generated/sdk.gen.js';
import { callbackParams, codeFrom, redeemCode, signInAndAuthorize } from '../helpers/browser-flow.js';
import { jwtPayload, registerClient, registerUser, startTestServer, type TestClient, testClock, type TestServer } from '../helpers/test-server.js';

/**
 * Issue 10: every user token says how and when the user signed in — `auth_time`, `acr`, `amr` in ID
 * tokens (OIDC Core §2) and JWT access tokens (RFC 9068 §2.2.1), `acr` and `auth_time` in
 * introspection (RFC 9470 §6.2) — and a refreshed grant keeps those of the original sign-in (OIDC Core §12.2).
 */

const clock = testClock();
let server: TestServer;
beforeAll(async () => {
  server = await startTestServer({ clock });
});
afterAll(() => server.close());

const redirectUri = 'https://app.example.com/cb';
const passwordLevel = { acr: 'urn:latchkey:acr:pwd', amr: ['pwd'] };
const seconds = (ms: number) => Math.floor(ms / 1000);

async function introspect(client: TestClient, token: string) {
  const res = await postIntrospect({ client: server.sdk, body: { token }, headers: { Authorization: client.basic! } });
  expect(res.response.status).toBe(200);
  return res.data!;
}

describe('the sign-in behind user tokens', () => {
  it('goes from the session into the ID token, the access token and introspection, and survives refresh unchanged', async () => {
    const client = await registerClient(server.lk, { grantTypes: ['authorization_code', 'refresh_token'], scopes: ['openid', 'offline_access', 'read'], redirectUris: [redirectUri] });
    const { username, password } = await registerUser(server.lk);
    const signedInAt = clock.now();
    const result = await signInAndAuthorize(server, { client, user: { username, password }, params: { scope: 'openid offline_access read' } });
    clock.advance(30_000);
    const tokens = await redeemCode(server, client, { code: codeFrom(result), redirect_uri: redirectUri, code_verifier: result.verifier });
    expect(tokens.response.status).toBe(200);
    const expected = { auth_time: seconds(signedInAt), ...passwordLevel };
    expect(jwtPayload(tokens.data!.id_token!)).toMatchObject(expected);
    expect(jwtPayload(tokens.data!.access_token)).toMatchObject(expected);
    expect(await introspect(client, tokens.data!.access_token)).toMatchObject({ active: true, acr: passwordLevel.acr, auth_time: seconds(signedInAt) });
    expect(await introspect(client, tokens.data!.refresh_token!)).toMatchObject({ active: true, acr: passwordLevel.acr, auth_time: seconds(signedInAt) });

    clock.advance(3_600_000);
    const refreshed = await postToken({ client: server.sdk, body: { grant_type: 'refresh_token', refresh_token: tokens.data!.refresh_token! }, headers: { Authorization: client.basic! } });
    expect(refreshed.response.status).toBe(200);
    const claims = jwtPayload(refreshed.data!.access_token);
    expect(claims).toMatchObject(expected);
    expect(claims.iat).toBe(seconds(clock.now()));
  });

  it('the password grant: a password, now', async () => {
    const client = await registerClient(server.lk, { grantTypes: ['password'], firstParty: true });
    const { username, password } = await registerUser(server.lk);
    const res = await postToken({ client: server.sdk, body: { grant_type: 'password', username, password }, headers: { Authorization: client.basic! } });
    expect(res.response.status).toBe(200);
    expect(jwtPayload(res.data!.access_token)).toMatchObject({ auth_time: seconds(clock.now()), ...passwordLevel });
  });

  it('the implicit flow: the session\'s sign-in in both tokens', async () => {
    const client = await registerClient(server.lk, { grantTypes: [], implicit: true, scopes: ['openid', 'read'], redirectUris: [redirectUri] });
    const { username, password } = await registerUser(server.lk);
    const signedInAt = clock.now();
    const result = await signInAndAuthorize(server, { client, user: { username, password }, params: { response_type: 'id_token token', scope: 'openid read', nonce: 'n' } });
    const fragment = callbackParams(result.location!);
    expect(jwtPayload(fragment.id_token!)).toMatchObject({ auth_time: seconds(signedInAt), ...passwordLevel });
    expect(jwtPayload(fragment.access_token!)).toMatchObject({ auth_time: seconds(signedInAt), ...passwordLevel });
  });

  it('client credentials: no user, so no auth_time, acr or amr', async () => {
    const client = await registerClient(server.lk, { grantTypes: ['client_credentials'], scopes: ['read'] });
    const res = await postToken({ client: server.sdk, body: { grant_type: 'client_credentials' }, headers: { Authorization: client.basic! } });
    const claims = jwtPayload(res.data!.access_token);
    expect(claims).not.toHaveProperty('auth_time');
    expect(claims).not.toHaveProperty('acr');
    expect(claims).not.toHaveProperty('amr');
    const introspected = await introspect(client, res.data!.access_token);
    expect(introspected.active).toBe(true);
    expect(introspected).not.toHaveProperty('acr');
    expect(introspected).not.toHaveProperty('auth_time');
  });
});

describe('discovery', () => {
  it('publishes the levels weakest first, and acr among the claims (OIDC Discovery §3)', async () => {
    const res = await getAuthorizationServerMetadata({ client: server.sdk });
    expect(res.data!.acr_values_supported).toEqual(['urn:latchkey:acr:pwd', 'urn:latchkey:acr:mfa', 'phr']);
    expect(res.data!.claims_supported).toEqual(expect.arrayContaining(['acr', 'amr', 'auth_time']));
  });
});
