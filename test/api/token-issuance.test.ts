/**
 * One token-issuance service (src/services/token-issuance.ts): the four grants and the implicit
 * response shape their tokens and write their `token.issued` event in one place, the same way.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { postToken } from '../../generated/sdk.gen.js';
import { codeFrom, redeemCode, signInAndAuthorize } from '../helpers/browser-flow.js';
import { jwtPayload, recentAuditEvents, registerClient, registerUser, startTestServer, type TestServer } from '../helpers/test-server.js';

const CB = 'https://app.example.com/cb';
let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server.close());

/** The `token.issued` event of an access token, found by its `jti`. */
async function issuedEvent(accessToken: string) {
  const { jti } = jwtPayload(accessToken);
  const events = await recentAuditEvents(server, 200, 'token.issued');
  return events.find((e) => e.detail?.jti === jti);
}

async function expectIssued(via: string, response: Record<string, unknown>) {
  const access = String(response.access_token);
  const claims = jwtPayload(access);
  const event = await issuedEvent(access);
  expect(event).toMatchObject({ outcome: 'success', clientId: claims.client_id, subject: claims.sub });
  expect(event?.detail).toEqual({ grant_type: via, jti: claims.jti, grant_id: claims.grant_id, aud: claims.aud, refresh: 'refresh_token' in response, id_token: 'id_token' in response });
  expect(String(response.token_type)).toBe('Bearer');
  expect(Number(response.expires_in)).toBe(Number(claims.exp) - Number(claims.iat));
  expect(response.scope).toBe(claims.scope);
}

describe('one token-issuance service', () => {
  it('shapes and audits the tokens of every grant and of the implicit response alike', async () => {
    const client = await registerClient(server.lk, {
      grantTypes: ['authorization_code', 'refresh_token', 'password', 'client_credentials'],
      scopes: ['openid', 'offline_access', 'read'],
      redirectUris: [CB],
      firstParty: true,
    });
    const implicit = await registerClient(server.lk, { grantTypes: ['authorization_code'], scopes: ['openid', 'read'], redirectUris: [CB], tokenEndpointAuthMethod: 'none', implicit: true, firstParty: true });
    const user = await registerUser(server.lk);
    const auth = { Authorization: client.basic };

    const signIn = await signInAndAuthorize(server, { client, user, params: { scope: 'openid offline_access read', nonce: 'n' } });
    const code = await redeemCode(server, client, { code: codeFrom(signIn), redirect_uri: CB, code_verifier: signIn.verifier });
    expect(Object.keys(code.data!).sort()).toEqual(['access_token', 'expires_in', 'id_token', 'refresh_token', 'scope', 'token_type']);
    await expectIssued('authorization_code', code.data!);

    const refreshed = await postToken({ client: server.sdk, body: { grant_type: 'refresh_token', refresh_token: code.data!.refresh_token! }, headers: auth });
    await expectIssued('refresh_token', refreshed.data!);

    const password = await postToken({ client: server.sdk, body: { grant_type: 'password', username: user.username, password: user.password, scope: 'read' }, headers: auth });
    await expectIssued('password', password.data!);

    const machine = await postToken({ client: server.sdk, body: { grant_type: 'client_credentials', scope: 'read' }, headers: auth });
    expect(Object.keys(machine.data!).sort()).toEqual(['access_token', 'expires_in', 'scope', 'token_type']);
    await expectIssued('client_credentials', machine.data!);

    const fragment = await signInAndAuthorize(server, { client: implicit, user, params: { response_type: 'id_token token', scope: 'openid read', nonce: 'n' } });
    const fields = Object.fromEntries(new URLSearchParams(new URL(fragment.location!).hash.slice(1)));
    await expectIssued('implicit', fields);
  });

  it('is the only place in src that records token.issued', () => {
    const src = join(__dirname, '../../src');
    const files = readdirSync(src, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.ts'));
    // `.*`: Stryker's instrumented copy of the source wraps the literal in a mutant switch.
    const writers = files.filter((f) => /event: .*'token\.issued'/.test(readFileSync(join(src, f), 'utf8')));
    expect(writers).toEqual([join('services', 'token-issuance.ts')]);
  });
});
