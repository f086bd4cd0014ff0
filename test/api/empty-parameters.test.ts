import { createBrowser, pkcePair } from '../helpers/browser-flow.js';
import { registerClient, registerUser, startTestServer, type TestClient, type TestServer } from '../helpers/test-server.js';

/**
 * RFC 6749 §3.1, §3.2: "Parameters sent without a value MUST be treated as if
 * they were omitted from the request." At the token, revocation, introspection
 * and authorization endpoints, `name=` is the same as no `name` at all; a
 * repeated parameter is still refused, even when one of its values is empty.
 */

const form = 'application/x-www-form-urlencoded';
const CB = 'https://app.example.com/cb';

let server: TestServer;
let cc: TestClient;
let post: TestClient;
let pw: TestClient;
let web: TestClient;
beforeAll(async () => {
  server = await startTestServer();
  cc = await registerClient(server.lk);
  post = await registerClient(server.lk, { tokenEndpointAuthMethod: 'client_secret_post' });
  pw = await registerClient(server.lk, { grantTypes: ['password', 'refresh_token'], firstParty: true, scopes: ['openid', 'read'] });
  web = await registerClient(server.lk, { grantTypes: ['authorization_code'], scopes: ['openid', 'read'], redirectUris: [CB], firstParty: true });
});
afterAll(() => server.close());

async function send(path: string, body: string, authorization?: string): Promise<{ status: number; json: Record<string, unknown> }> {
  const res = await fetch(`${server.url}${path}`, { method: 'POST', headers: { 'content-type': form, ...(authorization ? { authorization } : {}) }, body });
  const text = await res.text();
  return { status: res.status, json: text ? (JSON.parse(text) as Record<string, unknown>) : {} };
}

async function accessToken(): Promise<string> {
  const res = await send('/token', 'grant_type=client_credentials&scope=read', cc.basic);
  return res.json.access_token as string;
}

describe('POST /token', () => {
  it('treats empty scope and client_secret as omitted with Basic authentication', async () => {
    const res = await send('/token', 'grant_type=client_credentials&scope=&client_secret=', cc.basic);
    expect(res).toMatchObject({ status: 200, json: { token_type: 'Bearer', scope: 'read write' } });
  });

  it('treats an empty client_id as omitted with Basic authentication', async () => {
    const res = await send('/token', 'client_id=&grant_type=client_credentials&scope=read', cc.basic);
    expect(res).toMatchObject({ status: 200, json: { scope: 'read' } });
  });

  it('ignores empty parameters of other grants (client_secret_post)', async () => {
    const body = new URLSearchParams({ grant_type: 'client_credentials', client_id: post.client.clientId, client_secret: post.secret, scope: '', code: '', refresh_token: '', username: '' });
    expect(await send('/token', body.toString())).toMatchObject({ status: 200, json: { scope: 'read write' } });
  });

  it('treats empty parameters of the password grant as omitted', async () => {
    const { username, password } = await registerUser(server.lk);
    const body = new URLSearchParams({ grant_type: 'password', username, password, scope: '', client_secret: '', client_id: '', code_verifier: '' });
    expect(await send('/token', body.toString(), pw.basic)).toMatchObject({ status: 200, json: { token_type: 'Bearer' } });
  });

  it('treats an empty grant_type as missing (invalid_request, not unsupported_grant_type)', async () => {
    expect(await send('/token', 'grant_type=&scope=read', cc.basic)).toMatchObject({ status: 400, json: { error: 'invalid_request' } });
  });

  it('treats an empty required parameter as missing', async () => {
    expect(await send('/token', 'grant_type=password&username=&password=x', pw.basic)).toMatchObject({ status: 400, json: { error: 'invalid_request' } });
  });

  it('still refuses a repeated parameter when one of its values is empty', async () => {
    expect(await send('/token', 'grant_type=client_credentials&scope=&scope=read', cc.basic)).toMatchObject({ status: 400, json: { error: 'invalid_request' } });
  });
});

describe('POST /revoke and POST /introspect', () => {
  it('revokes with empty token_type_hint, client_id and client_secret next to Basic authentication', async () => {
    const token = await accessToken();
    expect(await send('/revoke', `token=${token}&token_type_hint=&client_id=&client_secret=`, cc.basic)).toMatchObject({ status: 200 });
    expect(await send('/introspect', `token=${token}`, cc.basic)).toMatchObject({ status: 200, json: { active: false } });
  });

  it('introspects with empty token_type_hint and client_secret next to Basic authentication', async () => {
    const token = await accessToken();
    expect(await send('/introspect', `token=${token}&token_type_hint=&client_secret=`, cc.basic)).toMatchObject({ status: 200, json: { active: true, client_id: cc.client.clientId } });
  });

  it('treats an empty token as missing (invalid_request)', async () => {
    expect(await send('/revoke', 'token=', cc.basic)).toMatchObject({ status: 400, json: { error: 'invalid_request' } });
    expect(await send('/introspect', 'token=&client_secret=', cc.basic)).toMatchObject({ status: 400, json: { error: 'invalid_request' } });
  });

  it('still refuses a repeated token', async () => {
    expect(await send('/revoke', 'token=&token=x', cc.basic)).toMatchObject({ status: 400, json: { error: 'invalid_request' } });
  });
});

describe('/authorize', () => {
  const optional = ['scope', 'state', 'nonce', 'prompt', 'max_age', 'response_mode'];

  /** Where an answer goes, without the per-request interaction id. */
  function outcome(res: { status: number; location: string | null }): string {
    return `${res.status} ${res.location?.replace(/[?#].*$/, '') ?? ''}`;
  }

  it('treats empty optional parameters as omitted (GET and POST)', async () => {
    const { challenge } = pkcePair();
    const base = { response_type: 'code', client_id: web.client.clientId, redirect_uri: CB, code_challenge: challenge, code_challenge_method: 'S256' };
    const withEmpties = new URLSearchParams({ ...base, ...Object.fromEntries(optional.map((n) => [n, ''])) });
    const omitted = await createBrowser(server.url).get(`/authorize?${new URLSearchParams(base).toString()}`);
    expect(omitted.status).toBe(303);
    expect(outcome(await createBrowser(server.url).get(`/authorize?${withEmpties.toString()}`))).toBe(outcome(omitted));
    expect(outcome(await createBrowser(server.url).post('/authorize', withEmpties))).toBe(outcome(omitted));
  });

  it('sends no state back when state is empty', async () => {
    const res = await createBrowser(server.url).get(`/authorize?response_type=nope&client_id=${web.client.clientId}&redirect_uri=${encodeURIComponent(CB)}&state=`);
    expect(res.status).toBe(302);
    const back = new URL(res.location!);
    expect(back.searchParams.get('error')).toBe('unsupported_response_type');
    expect(back.searchParams.has('state')).toBe(false);
  });

  it('treats an empty response_type as missing (invalid_request)', async () => {
    const res = await createBrowser(server.url).get(`/authorize?response_type=&client_id=${web.client.clientId}&redirect_uri=${encodeURIComponent(CB)}`);
    expect(new URL(res.location!).searchParams.get('error')).toBe('invalid_request');
  });

  it('still refuses a repeated parameter when one of its values is empty', async () => {
    const { challenge } = pkcePair();
    const res = await createBrowser(server.url).get(
      `/authorize?response_type=code&client_id=${web.client.clientId}&redirect_uri=${encodeURIComponent(CB)}&code_challenge=${challenge}&code_challenge_method=S256&scope=&scope=read`,
    );
    expect(res.status).toBe(302);
    expect(new URL(res.location!).searchParams.get('error')).toBe('invalid_request');
  });
});
