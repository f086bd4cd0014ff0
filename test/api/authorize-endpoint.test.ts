import type { BrowserResponse } from '../helpers/browser-flow.js';
import { callbackParams, codeFrom, createBrowser, formPostFields, pkcePair, redeemCode, signInAndAuthorize } from '../helpers/browser-flow.js';
import { registerClient, registerUser, startTestServer, type TestClient, type TestServer } from '../helpers/test-server.js';

const CB = 'https://app.example.com/cb';
const CB2 = 'https://app.example.com/other';
const ODD_STATE = 'a b&c=d/é+%20?#;"<x>~\'';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server.close());

function codeClient(input: Parameters<typeof registerClient>[1] = {}): Promise<TestClient> {
  return registerClient(server.lk, {
    clientName: 'Acme Notes',
    grantTypes: ['authorization_code', 'refresh_token'],
    scopes: ['openid', 'profile', 'read'],
    redirectUris: [CB],
    firstParty: true,
    ...input,
  });
}

function authorize(params: Record<string, string>): Promise<BrowserResponse> {
  return createBrowser(server.url).get(`/authorize?${new URLSearchParams(params).toString()}`);
}

function authorizeQuery(query: string): Promise<BrowserResponse> {
  return createBrowser(server.url).get(`/authorize?${query}`);
}

function validParams(client: TestClient, extra: Record<string, string> = {}): Record<string, string> {
  return { response_type: 'code', client_id: client.client.clientId, redirect_uri: CB, state: 's1', code_challenge: pkcePair().challenge, code_challenge_method: 'S256', ...extra };
}

/** The HTML error page: never a redirect (no open redirector), with the page security headers. */
function expectErrorPage(res: BrowserResponse, text: string): void {
  expect(res.status).toBe(400);
  expect(res.location).toBeNull();
  expect(res.headers.get('content-type')).toMatch(/^text\/html/);
  expect(res.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
  expect(res.headers.get('x-content-type-options')).toBe('nosniff');
  expect(res.headers.get('cache-control')).toBe('no-store');
  expect(res.html).toContain(text);
  expect(res.html).not.toContain('app.example.com');
}

/** An error sent back to the client's redirect URI with error, error_description, state and iss (RFC 6749 §4.1.2.1, RFC 9207). */
function expectErrorRedirect(res: BrowserResponse, error: string, state: string | undefined, redirectUri = CB): Record<string, string> {
  expect(res.status).toBe(302);
  expect(res.location).not.toBeNull();
  const location = new URL(res.location!);
  expect(`${location.origin}${location.pathname}`).toBe(redirectUri);
  const params = Object.fromEntries(location.searchParams);
  expect(params.error).toBe(error);
  expect(typeof params.error_description).toBe('string');
  expect(params.error_description!.length).toBeGreaterThan(0);
  expect(params.iss).toBe(server.url);
  if (state === undefined) expect(params).not.toHaveProperty('state');
  else expect(params.state).toBe(state);
  expect(params).not.toHaveProperty('code');
  return params;
}

describe('/authorize: the client and its redirect URI are checked first, and failures are a page (RFC 6749 §3.1.2.3, §4.1.2.1)', () => {
  it('shows an error page for an unknown client_id', async () => {
    const res = await authorize({ response_type: 'code', client_id: 'no-such-client', redirect_uri: CB, state: 's' });
    expectErrorPage(res, 'not registered');
  });

  it('shows an error page for a missing client_id', async () => {
    expectErrorPage(await authorize({ response_type: 'code', redirect_uri: CB }), 'not registered');
  });

  it('shows an error page for an unregistered redirect_uri', async () => {
    const client = await codeClient();
    expectErrorPage(await authorize(validParams(client, { redirect_uri: 'https://evil.example.net/cb' })), 'has not registered');
  });

  it.each([
    ['an added query', `${CB}?next=/admin`],
    ['a fragment', `${CB}#frag`],
    ['an empty fragment', `${CB}#`],
    ['another port', 'https://app.example.com:8443/cb'],
    ['another path', 'https://app.example.com/cb/evil'],
    ['a trailing slash', `${CB}/`],
    ['another host case', 'https://APP.example.com/cb'],
    ['another scheme', 'http://app.example.com/cb'],
  ])('shows an error page for the registered redirect_uri with %s (exact string match)', async (_what, uri) => {
    const client = await codeClient();
    expectErrorPage(await authorize(validParams(client, { redirect_uri: uri })), 'has not registered');
  });

  it('shows an error page for a changed query when the registered URI has one', async () => {
    const registered = 'https://app.example.com/cb?tenant=a';
    const client = await codeClient({ redirectUris: [registered] });
    expectErrorPage(await authorize(validParams(client, { redirect_uri: 'https://app.example.com/cb?tenant=b' })), 'has not registered');
    expectErrorPage(await authorize(validParams(client, { redirect_uri: `${registered}&x=1` })), 'has not registered');
    const ok = await authorize(validParams(client, { redirect_uri: registered, response_type: 'bogus' }));
    expect(ok.status).toBe(302);
    const back = new URL(ok.location!);
    expect(back.searchParams.get('tenant')).toBe('a');
    expect(back.searchParams.get('error')).toBe('unsupported_response_type');
  });

  it('shows an error page when redirect_uri is missing and the client has several', async () => {
    const client = await codeClient({ redirectUris: [CB, CB2] });
    const params = validParams(client);
    delete params.redirect_uri;
    expectErrorPage(await authorize(params), 'did not say where to return you');
  });

  it('uses the only registered redirect URI when redirect_uri is missing', async () => {
    const client = await codeClient();
    const params = validParams(client);
    delete params.redirect_uri;
    const res = await authorize(params);
    expect(res.status).toBe(303);
    expect(res.location).toBe('/login');
    const error = await authorize({ ...params, response_type: 'bogus' });
    expectErrorRedirect(error, 'unsupported_response_type', 's1');
  });

  it('shows an error page for a repeated client_id, even when both values are the same', async () => {
    const client = await codeClient();
    const id = encodeURIComponent(client.client.clientId);
    const res = await authorizeQuery(`response_type=code&client_id=${id}&client_id=${id}&redirect_uri=${encodeURIComponent(CB)}&state=s`);
    expectErrorPage(res, 'repeats client_id or redirect_uri');
  });

  it('shows an error page for a repeated redirect_uri', async () => {
    const client = await codeClient();
    const cb = encodeURIComponent(CB);
    const res = await authorizeQuery(`response_type=code&client_id=${encodeURIComponent(client.client.clientId)}&redirect_uri=${cb}&redirect_uri=${cb}`);
    expectErrorPage(res, 'repeats client_id or redirect_uri');
  });

  it('shows the error page for POST /authorize too', async () => {
    const res = await createBrowser(server.url).post('/authorize', { response_type: 'code', client_id: 'no-such-client', redirect_uri: CB });
    expectErrorPage(res, 'not registered');
  });
});

describe('/authorize: later errors go back to the client with error, error_description, state and iss', () => {
  it('echoes an odd state unchanged in an error redirect', async () => {
    const client = await codeClient();
    expectErrorRedirect(await authorize(validParams(client, { response_type: 'bogus', state: ODD_STATE })), 'unsupported_response_type', ODD_STATE);
  });

  it('leaves state out when none was sent', async () => {
    const client = await codeClient();
    const params = validParams(client, { response_type: 'bogus' });
    delete params.state;
    expectErrorRedirect(await authorize(params), 'unsupported_response_type', undefined);
  });

  it('answers unsupported_response_type for an unknown response_type', async () => {
    const client = await codeClient();
    expectErrorRedirect(await authorize(validParams(client, { response_type: 'code id_token' })), 'unsupported_response_type', 's1');
  });

  it('answers invalid_request for a missing response_type', async () => {
    const client = await codeClient();
    const params = validParams(client);
    delete params.response_type;
    const back = expectErrorRedirect(await authorize(params), 'invalid_request', 's1');
    expect(back.error_description).toContain('response_type');
  });

  it('answers invalid_request for a repeated scope parameter', async () => {
    const client = await codeClient();
    const query = new URLSearchParams(validParams(client, { scope: 'read' }));
    query.append('scope', 'openid');
    const back = expectErrorRedirect(await authorizeQuery(query.toString()), 'invalid_request', 's1');
    expect(back.error_description).toBe('The scope parameter is repeated.');
  });

  it('answers invalid_request for code_challenge_method=plain', async () => {
    const client = await codeClient();
    const verifier = 'v'.repeat(43);
    const back = expectErrorRedirect(await authorize(validParams(client, { code_challenge: verifier, code_challenge_method: 'plain' })), 'invalid_request', 's1');
    expect(back.error_description).toContain('S256');
  });

  it('answers invalid_request for a challenge without a method (RFC 7636 would default it to plain)', async () => {
    const client = await codeClient();
    const params = validParams(client);
    delete params.code_challenge_method;
    expectErrorRedirect(await authorize(params), 'invalid_request', 's1');
  });

  it('answers invalid_request for a method without a challenge', async () => {
    const client = await codeClient();
    const params = validParams(client);
    delete params.code_challenge;
    expectErrorRedirect(await authorize(params), 'invalid_request', 's1');
  });

  it('requires PKCE for a public client', async () => {
    const client = await codeClient({ tokenEndpointAuthMethod: 'none' });
    const params = validParams(client);
    delete params.code_challenge;
    delete params.code_challenge_method;
    const back = expectErrorRedirect(await authorize(params), 'invalid_request', 's1');
    expect(back.error_description).toContain('PKCE is required');
  });

  it('requires PKCE for a confidential client by default', async () => {
    const client = await codeClient();
    expect(client.secret).not.toBe('');
    const params = validParams(client);
    delete params.code_challenge;
    delete params.code_challenge_method;
    const back = expectErrorRedirect(await authorize(params), 'invalid_request', 's1');
    expect(back.error_description).toContain('PKCE is required');
  });

  it('lets a confidential client registered with pkceOptional go without PKCE, end to end', async () => {
    const client = await codeClient({ pkceOptional: true });
    const { username, password } = await registerUser(server.lk);
    const result = await signInAndAuthorize(server, { client, user: { username, password }, params: { code_challenge: undefined, code_challenge_method: undefined, scope: 'read' } });
    expect(result.verifier).toBeUndefined();
    const token = await redeemCode(server, client, { code: codeFrom(result), redirect_uri: CB });
    expect(token.response.status).toBe(200);
    expect(token.data?.scope).toBe('read');
  });

  it.each([
    ['too short', 'A'.repeat(42)],
    ['too long', 'A'.repeat(44)],
    ['padding', `${'A'.repeat(42)}=`],
    ['standard base64 characters', `${'A'.repeat(42)}+`],
  ])('answers invalid_request for a challenge with %s', async (_what, challenge) => {
    const client = await codeClient();
    const back = expectErrorRedirect(await authorize(validParams(client, { code_challenge: challenge })), 'invalid_request', 's1');
    expect(back.error_description).toContain('code_challenge');
  });

  it('answers unauthorized_client for a client without the authorization_code grant', async () => {
    const client = await codeClient({ grantTypes: ['client_credentials'] });
    expectErrorRedirect(await authorize(validParams(client)), 'unauthorized_client', 's1');
  });

  it.each(['token', 'id_token token', 'token id_token'])('answers unauthorized_client in the fragment for response_type=%s and a client not registered for implicit', async (responseType) => {
    const client = await codeClient();
    const res = await authorize(validParams(client, { response_type: responseType, scope: 'openid', nonce: 'n' }));
    expect(res.status).toBe(302);
    const location = new URL(res.location!);
    expect(location.search).toBe('');
    const back = callbackParams(res.location!);
    expect(back).toMatchObject({ error: 'unauthorized_client', state: 's1', iss: server.url });
    expect(back).not.toHaveProperty('access_token');
  });

  it('answers invalid_request for response_mode=query with a token response', async () => {
    const client = await codeClient({ implicit: true, tokenEndpointAuthMethod: 'none' });
    const back = expectErrorRedirect(await authorize(validParams(client, { response_type: 'token', response_mode: 'query', scope: 'read' })), 'invalid_request', 's1');
    expect(back.error_description).toContain('response_mode=query');
  });

  it('answers invalid_request for an unknown response_mode', async () => {
    const client = await codeClient();
    const back = expectErrorRedirect(await authorize(validParams(client, { response_mode: 'web_message' })), 'invalid_request', 's1');
    expect(back.error_description).toBe('Unsupported response_mode.');
  });

  it('answers invalid_scope when none of the scopes can be granted', async () => {
    const client = await codeClient();
    expectErrorRedirect(await authorize(validParams(client, { scope: 'write bogus' })), 'invalid_scope', 's1');
  });

  it('answers invalid_request for an unsupported prompt value and for prompt=none with another value', async () => {
    const client = await codeClient();
    expectErrorRedirect(await authorize(validParams(client, { prompt: 'bogus' })), 'invalid_request', 's1');
    expectErrorRedirect(await authorize(validParams(client, { prompt: 'none login' })), 'invalid_request', 's1');
  });

  it('answers invalid_request for a max_age that is not a whole number', async () => {
    const client = await codeClient();
    expectErrorRedirect(await authorize(validParams(client, { max_age: '-1' })), 'invalid_request', 's1');
    expectErrorRedirect(await authorize(validParams(client, { max_age: '1.5' })), 'invalid_request', 's1');
  });

  it('sends errors to the redirect URI that was asked for when the client has several', async () => {
    const client = await codeClient({ redirectUris: [CB, CB2] });
    expectErrorRedirect(await authorize(validParams(client, { redirect_uri: CB2, response_type: 'bogus' })), 'unsupported_response_type', 's1', CB2);
  });

  it('sends error redirects of POST /authorize the same way', async () => {
    const client = await codeClient();
    const res = await createBrowser(server.url).post('/authorize', validParams(client, { response_type: 'bogus', state: ODD_STATE }));
    expectErrorRedirect(res, 'unsupported_response_type', ODD_STATE);
  });
});

describe('/authorize: successful requests', () => {
  it('ignores unknown parameters', async () => {
    const client = await codeClient();
    const { username, password } = await registerUser(server.lk);
    const result = await signInAndAuthorize(server, { client, user: { username, password }, params: { foo: 'bar', claims_locales: 'xx', ui_locales: 'fr-CA', 'x.y': '1', state: ODD_STATE } });
    expect(result.response.status).toBe(302);
    const back = callbackParams(result.location!);
    expect(back.state).toBe(ODD_STATE);
    expect(back.iss).toBe(server.url);
    expect(back.code).toMatch(/^[A-Za-z0-9_-]{43,}$/);
    expect(back).not.toHaveProperty('foo');
  });

  // The schema validator never sees /authorize (a page operation): bracketed names are plain unknown parameters.
  it('ignores unknown parameters whose names have brackets', async () => {
    const client = await codeClient();
    const res = await authorizeQuery(`${new URLSearchParams(validParams(client)).toString()}&foo[]=1&bar[0]=2`);
    expect(res.status).toBe(303);
    expect(res.location).toBe('/login');
  });

  it('reads scope[]=… as an unknown parameter, never as a repeated scope or JSON', async () => {
    const client = await codeClient();
    const res = await authorizeQuery(`${new URLSearchParams(validParams(client)).toString()}&scope[]=openid&scope[0]=email`);
    expect(res.status).toBe(303);
    expect(res.location).toBe('/login');
    const unknown = await authorizeQuery(`client_id=nobody&scope[]=openid`);
    expect(unknown.status).toBe(400);
    expect(unknown.headers.get('content-type')).toMatch(/^text\/html/);
    expect(unknown.location).toBeNull();
  });

  it('ignores unknown scope values, drops known scopes the client may not have, and reports the granted scope', async () => {
    const client = await codeClient({ scopes: ['openid', 'read'] });
    const { username, password } = await registerUser(server.lk);
    const result = await signInAndAuthorize(server, { client, user: { username, password }, params: { scope: 'read write bogus:scope openid email' } });
    const token = await redeemCode(server, client, { code: codeFrom(result), redirect_uri: CB, code_verifier: result.verifier });
    expect(token.response.status).toBe(200);
    expect(token.data?.scope?.split(' ').sort()).toEqual(['openid', 'read']);
  });

  it('grants all the client scopes when scope is missing', async () => {
    const client = await codeClient({ scopes: ['read', 'write'] });
    const { username, password } = await registerUser(server.lk);
    const result = await signInAndAuthorize(server, { client, user: { username, password } });
    const token = await redeemCode(server, client, { code: codeFrom(result), redirect_uri: CB, code_verifier: result.verifier });
    expect(token.data?.scope?.split(' ').sort()).toEqual(['read', 'write']);
  });

  it('accepts POST /authorize like GET', async () => {
    const client = await codeClient();
    const { username, password } = await registerUser(server.lk);
    const result = await signInAndAuthorize(server, { client, user: { username, password }, method: 'POST', params: { scope: 'read', state: ODD_STATE } });
    expect(result.loginPage).not.toBeNull();
    expect(result.response.status).toBe(302);
    const back = callbackParams(result.location!);
    expect(back).toMatchObject({ state: ODD_STATE, iss: server.url });
    const token = await redeemCode(server, client, { code: back.code!, redirect_uri: CB, code_verifier: result.verifier });
    expect(token.response.status).toBe(200);
    expect(token.data?.scope).toBe('read');
  });

  it('returns the code in the query by default, keeping a registered query', async () => {
    const registered = 'https://app.example.com/cb?tenant=a%20b';
    const client = await codeClient({ redirectUris: [registered] });
    const { username, password } = await registerUser(server.lk);
    const result = await signInAndAuthorize(server, { client, user: { username, password }, params: { scope: 'read' } });
    const back = new URL(result.location!);
    expect(`${back.origin}${back.pathname}`).toBe(CB);
    expect(back.hash).toBe('');
    expect(back.searchParams.get('tenant')).toBe('a b');
    expect(back.searchParams.get('iss')).toBe(server.url);
    const token = await redeemCode(server, client, { code: back.searchParams.get('code')!, redirect_uri: registered, code_verifier: result.verifier });
    expect(token.response.status).toBe(200);
  });

  it('returns the code in the fragment for response_mode=fragment', async () => {
    const client = await codeClient();
    const { username, password } = await registerUser(server.lk);
    const result = await signInAndAuthorize(server, { client, user: { username, password }, params: { scope: 'read', response_mode: 'fragment', state: ODD_STATE } });
    expect(result.response.status).toBe(302);
    const back = new URL(result.location!);
    expect(back.search).toBe('');
    const fragment = Object.fromEntries(new URLSearchParams(back.hash.slice(1)));
    expect(fragment).toEqual({ code: expect.stringMatching(/^[A-Za-z0-9_-]{43}$/), state: ODD_STATE, iss: server.url });
    const token = await redeemCode(server, client, { code: fragment.code!, redirect_uri: CB, code_verifier: result.verifier });
    expect(token.response.status).toBe(200);
  });

  it('returns an auto-posting form for response_mode=form_post, with the client origin in CSP form-action', async () => {
    const client = await codeClient();
    const { username, password } = await registerUser(server.lk);
    const result = await signInAndAuthorize(server, { client, user: { username, password }, params: { scope: 'read', response_mode: 'form_post', state: ODD_STATE } });
    const res = result.response;
    expect(res.status).toBe(200);
    expect(res.location).toBeNull();
    expect(res.headers.get('content-type')).toMatch(/^text\/html/);
    expect(res.headers.get('cache-control')).toBe('no-store');
    const csp = res.headers.get('content-security-policy')!;
    expect(csp).toContain("frame-ancestors 'none'");
    expect(/form-action ([^;]*)/.exec(csp)?.[1]?.split(' ')).toContain('https://app.example.com');
    const { action, fields } = formPostFields(result.formPost!);
    expect(res.html).toMatch(/<form[^>]*method="post"/);
    expect(action).toBe(CB);
    expect(fields).toEqual({ code: expect.stringMatching(/^[A-Za-z0-9_-]{43}$/), state: ODD_STATE, iss: server.url });
    const token = await redeemCode(server, client, { code: fields.code!, redirect_uri: CB, code_verifier: result.verifier });
    expect(token.response.status).toBe(200);
  });

  it('refuses form_post for a native redirect URI (private-use scheme) with invalid_request in the query', async () => {
    const native = 'com.example.app:/oauth';
    const client = await codeClient({ redirectUris: [native], tokenEndpointAuthMethod: 'none' });
    const res = await authorize(validParams(client, { redirect_uri: native, response_mode: 'form_post', state: ODD_STATE }));
    expect(res.status).toBe(302);
    expect(res.location!.startsWith(`${native}?`)).toBe(true);
    expect(callbackParams(res.location!)).toEqual({ error: 'invalid_request', error_description: 'Unsupported response_mode.', state: ODD_STATE, iss: server.url });
  });

  it('posts errors with form_post too', async () => {
    const client = await codeClient();
    const res = await authorize(validParams(client, { response_mode: 'form_post', scope: 'write' }));
    expect(res.status).toBe(200);
    const { action, fields } = formPostFields(res.html);
    expect(action).toBe(CB);
    expect(fields).toMatchObject({ error: 'invalid_scope', state: 's1', iss: server.url });
  });
});
