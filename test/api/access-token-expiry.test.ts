/**
 * One access-token verifier (src/services/access-token-verification.ts): /data, /userinfo and
 * /introspect judge expiry on the server's clock (the test clock here, never the wall clock), with
 * no leeway, and require the same claims.
 */
import { getData, getUserinfo, postIntrospect, postToken } from '../../generated/sdk.gen.js';
import { signAccessToken, type AccessTokenClaims } from '../../src/crypto/access-token-jwt.js';
import { jwtPayload, registerClient, registerUser, startTestServer, testClock, type TestServer } from '../helpers/test-server.js';

const clock = testClock();
let server: TestServer;
beforeAll(async () => {
  server = await startTestServer({ clock });
});
afterAll(() => server.close());

async function userToken(): Promise<{ access: string; basic: string }> {
  const client = await registerClient(server.lk, { grantTypes: ['password'], firstParty: true, scopes: ['openid', 'read'] });
  const { username, password } = await registerUser(server.lk);
  const res = await postToken({ client: server.sdk, body: { grant_type: 'password', username, password, scope: 'openid read' }, headers: { Authorization: client.basic } });
  expect(res.response.status).toBe(200);
  return { access: res.data!.access_token, basic: client.basic };
}

async function answers(access: string, basic: string) {
  const bearer = { Authorization: `Bearer ${access}` };
  const data = await getData({ client: server.sdk, headers: bearer });
  const userinfo = await getUserinfo({ client: server.sdk, headers: bearer });
  const introspection = await postIntrospect({ client: server.sdk, body: { token: access }, headers: { Authorization: basic } });
  return {
    data: [data.response.status, data.response.headers.get('www-authenticate')],
    userinfo: [userinfo.response.status, userinfo.response.headers.get('www-authenticate')],
    active: introspection.data?.active,
  };
}

const refused = (description: string) => [401, `Bearer realm="latchkey", error="invalid_token", error_description="${description}"`];

describe('one access-token verifier', () => {
  it('accepts a token until its exp and refuses it from exp on, identically everywhere, on the server clock', async () => {
    const { access, basic } = await userToken();
    const exp = jwtPayload(access).exp as number;
    clock.advance(exp * 1000 - 1 - clock.now());
    expect(await answers(access, basic)).toEqual({ data: [200, null], userinfo: [200, null], active: true });
    // RFC 7519 §4.1.4: "on or after" exp the token must not be accepted; no leeway (ownAccessTokenClockSkewS).
    clock.advance(1);
    const expired = refused('The access token has expired.');
    expect(await answers(access, basic)).toEqual({ data: expired, userinfo: expired, active: false });
  });

  it('requires the same RFC 9068 §2.2 claims everywhere', async () => {
    const { access, basic } = await userToken();
    const { iat: _iat, ...withoutIat } = jwtPayload(access) as unknown as AccessTokenClaims;
    const token = await signAccessToken(server.lk.keystore, withoutIat as AccessTokenClaims);
    const missing = refused('The access token is missing a required claim.');
    expect(await answers(token, basic)).toEqual({ data: missing, userinfo: missing, active: false });
  });
});
