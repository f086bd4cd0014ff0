/**
 * RFC 9470 step-up at Latchkey's own `GET /data/sensitive` (scope `read`, acr `urn:latchkey:acr:mfa` or
 * `phr`), through the generated SDK against a real server. The server does not yet put `acr` into its
 * access tokens, so the stepped-up tokens here are today's tokens re-signed by the server's own
 * keystore with `acr` and `auth_time` added, as access-token-expiry.test.ts does for missing claims.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { getData, getSensitiveData, postRevoke, postToken } from '../../generated/sdk.gen.js';
import { signAccessToken, type AccessTokenClaims } from '../../src/crypto/access-token-jwt.js';
import { jwtPayload, registerClient, registerUser, startTestServer, testClock, type TestClient, type TestServer } from '../helpers/test-server.js';

const clock = testClock();
let server: TestServer;
let client: TestClient;
beforeAll(async () => {
  server = await startTestServer({ clock });
  client = await registerClient(server.lk, { grantTypes: ['password', 'client_credentials'], firstParty: true, scopes: ['openid', 'read', 'write'] });
});
afterAll(() => server.close());

/** A password-grant access token as the server issues it today: no `acr`, no `auth_time`. */
async function passwordToken(scope = 'read'): Promise<string> {
  const { username, password } = await registerUser(server.lk);
  const res = await postToken({ client: server.sdk, body: { grant_type: 'password', username, password, scope }, headers: { Authorization: client.basic } });
  expect(res.response.status).toBe(200);
  return res.data!.access_token;
}

/** The same token re-signed by the server's keystore with the sign-in facts a stepped-up token will carry. */
async function withSignIn(token: string, signIn: { acr: string; auth_time: number; amr?: string[] }): Promise<string> {
  return signAccessToken(server.lk.keystore, { ...jwtPayload(token), ...signIn } as unknown as AccessTokenClaims);
}

async function sensitive(token: string) {
  const res = await getSensitiveData({ client: server.sdk, headers: { Authorization: `Bearer ${token}` } });
  return { status: res.response.status, challenge: res.response.headers.get('www-authenticate'), body: res.data ?? res.error };
}

const nowS = () => Math.floor(clock.now() / 1000);
const DESCRIPTION = 'A different authentication level is required.';
const STEP_UP = {
  status: 401,
  challenge: `Bearer realm="latchkey", error="insufficient_user_authentication", error_description="${DESCRIPTION}", acr_values="urn:latchkey:acr:mfa phr"`,
  body: { error: 'insufficient_user_authentication', error_description: DESCRIPTION },
};

describe('GET /data/sensitive (RFC 9470 step-up)', () => {
  it("refuses today's password token with the RFC 9470 challenge, while /data accepts it", async () => {
    const token = await passwordToken();
    expect(await sensitive(token)).toEqual(STEP_UP);
    expect((await getData({ client: server.sdk, headers: { Authorization: `Bearer ${token}` } })).response.status).toBe(200);
  });

  it('refuses a client-credentials token, which has no sign-in', async () => {
    const res = await postToken({ client: server.sdk, body: { grant_type: 'client_credentials', scope: 'read' }, headers: { Authorization: client.basic } });
    expect(await sensitive(res.data!.access_token)).toEqual(STEP_UP);
  });

  it('refuses a token of the password level', async () => {
    expect(await sensitive(await withSignIn(await passwordToken(), { acr: 'urn:latchkey:acr:pwd', auth_time: nowS() }))).toEqual(STEP_UP);
  });

  it.each([['urn:latchkey:acr:mfa'], ['phr']])('accepts a token whose sign-in met %s', async (acr) => {
    const token = await withSignIn(await passwordToken(), { acr, auth_time: nowS(), amr: ['pwd', 'otp', 'mfa'] });
    const answer = await sensitive(token);
    expect(answer).toEqual({ status: 200, challenge: null, body: { items: expect.any(Array), requested_by: { client_id: client.client.clientId, sub: jwtPayload(token).sub } } });
  });

  it('asks for step-up before the scope, and for the scope once the level is met', async () => {
    const token = await passwordToken('write');
    expect(await sensitive(token)).toEqual(STEP_UP);
    const stepped = await sensitive(await withSignIn(token, { acr: 'urn:latchkey:acr:mfa', auth_time: nowS() }));
    expect({ status: stepped.status, body: stepped.body }).toMatchObject({ status: 403, body: { error: 'insufficient_scope' } });
  });

  it('still refuses a stepped-up token once revoked (invalid_token comes first)', async () => {
    const token = await passwordToken();
    const stepped = await withSignIn(token, { acr: 'urn:latchkey:acr:mfa', auth_time: nowS() });
    expect((await sensitive(stepped)).status).toBe(200);
    const revoked = await postRevoke({ client: server.sdk, body: { token, token_type_hint: 'access_token' }, headers: { Authorization: client.basic } });
    expect(revoked.response.status).toBe(200);
    expect(await sensitive(stepped)).toMatchObject({ status: 401, challenge: expect.stringContaining('error="invalid_token"') });
  });
});

describe("the server's own bearer check with maxAge", () => {
  it('judges auth_time on the server clock, as it judges exp', async () => {
    const app = express();
    app.get('/recent', server.lk.resourceServer.requireToken({ scopes: ['read'], maxAge: 60 }), (_req, res) => void res.json({ ok: true }));
    const http = createServer(app).listen(0, '127.0.0.1');
    await new Promise((resolve) => http.once('listening', resolve));
    try {
      const url = `http://127.0.0.1:${(http.address() as AddressInfo).port}/recent`;
      const token = await withSignIn(await passwordToken(), { acr: 'urn:latchkey:acr:mfa', auth_time: nowS() });
      const call = () => fetch(url, { headers: { Authorization: `Bearer ${token}` } });
      clock.advance(59_000);
      expect((await call()).status).toBe(200);
      clock.advance(2_000);
      const refused = await call();
      expect(refused.status).toBe(401);
      expect(refused.headers.get('www-authenticate')).toBe(
        'Bearer realm="latchkey", error="insufficient_user_authentication", error_description="More recent authentication is required.", max_age="60"',
      );
    } finally {
      http.closeAllConnections();
      await new Promise((resolve) => http.close(resolve));
    }
  });
});
