import { getSensitiveData } from '../../generated/sdk.gen.js';
import { callbackParams, csrfFrom, redeemCode, signInAndAuthorize } from '../helpers/browser-flow.js';
import { enrolTotp, totpCode } from '../helpers/second-factors.js';
import { registerClient, registerUser, startTestServer, testClock, type TestServer } from '../helpers/test-server.js';

/**
 * The whole step-up loop of issue 10 with real parts: the API refuses a password-level token with the
 * RFC 9470 §3 challenge, the app authorizes again with the `acr_values` the challenge names, the user gives
 * the second factor alone (the session already has the password), and the API accepts the new token.
 */

const clock = testClock();
let server: TestServer;
beforeAll(async () => {
  server = await startTestServer({ clock });
});
afterAll(() => server.close());

it('refuses, steps up with the second factor, then accepts', async () => {
  const redirectUri = 'https://app.example.com/cb';
  const client = await registerClient(server.lk, { grantTypes: ['authorization_code'], scopes: ['openid', 'read'], redirectUris: [redirectUri] });
  const { user, username, password } = await registerUser(server.lk);
  const tokenOf = async (result: Awaited<ReturnType<typeof signInAndAuthorize>>) => {
    const res = await redeemCode(server, client, { code: callbackParams(result.location!).code!, redirect_uri: redirectUri, code_verifier: result.verifier });
    return res.data!.access_token;
  };
  const call = (token: string) => getSensitiveData({ client: server.sdk, headers: { Authorization: `Bearer ${token}` } });

  const first = await signInAndAuthorize(server, { client, user: { username, password }, params: { scope: 'openid read' } });
  const refused = await call(await tokenOf(first));
  expect(refused.response.status).toBe(401);
  const challenge = refused.response.headers.get('www-authenticate') ?? '';
  expect(challenge).toContain('error="insufficient_user_authentication"');
  const acrValues = /acr_values="([^"]+)"/.exec(challenge)![1]!;
  expect(acrValues.split(' ')).toContain('urn:latchkey:acr:mfa');

  const { secret } = await enrolTotp(server.lk, { id: user.id, username }, clock.now());
  clock.advance(30_000);
  const stepUp = await signInAndAuthorize(server, { client, browser: first.browser, params: { scope: 'openid read', acr_values: acrValues } });
  expect(stepUp.loginPage).toBeNull();
  expect(stepUp.response.location).toBe('/login/second-factor');
  const page = await first.browser.get('/login/second-factor');
  const done = await first.browser.post('/login/second-factor', { csrf_token: csrfFrom(page.html), method: 'totp', code: totpCode(secret, clock.now()) });
  const accepted = await call(await tokenOf({ ...stepUp, location: done.location, response: done }));
  expect(accepted.response.status).toBe(200);
});
