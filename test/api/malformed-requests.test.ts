import { basicAuth, registerClient, startTestServer, TestServer } from '../helpers/test-server.js';

let server: TestServer;
beforeAll(async () => { server = await startTestServer(); });
afterAll(() => server.close());

it('probe', async () => {
  const { basic, client, secret } = await registerClient(server.lk);
  const form = 'application/x-www-form-urlencoded';
  const cases: [string, string, RequestInit][] = [
    ['json', '/token', { method: 'POST', headers: { 'content-type': 'application/json', authorization: basic }, body: '{"grant_type":"client_credentials"}' }],
    ['text', '/token', { method: 'POST', headers: { 'content-type': 'text/plain', authorization: basic }, body: 'grant_type=client_credentials' }],
    ['multipart', '/token', { method: 'POST', headers: { 'content-type': 'multipart/form-data; boundary=x', authorization: basic }, body: '--x\r\nContent-Disposition: form-data; name="grant_type"\r\n\r\nclient_credentials\r\n--x--\r\n' }],
    ['noct', '/token', { method: 'POST', headers: { authorization: basic }, body: new Uint8Array(Buffer.from('grant_type=client_credentials')) }],
    ['nobody', '/token', { method: 'POST', headers: { authorization: basic } }],
    ['empty', '/token', { method: 'POST', headers: { 'content-type': form, authorization: basic }, body: '' }],
    ['dup gt', '/token', { method: 'POST', headers: { 'content-type': form, authorization: basic }, body: 'grant_type=a&grant_type=b' }],
    ['big value', '/token', { method: 'POST', headers: { 'content-type': form, authorization: basic }, body: 'grant_type=client_credentials&scope=' + 'a'.repeat(60_000) }],
    ['huge body', '/token', { method: 'POST', headers: { 'content-type': form, authorization: basic }, body: 'grant_type=client_credentials&scope=' + 'a'.repeat(100_000) }],
    ['nul', '/token', { method: 'POST', headers: { 'content-type': form, authorization: basic }, body: 'grant_type=client_credentials&scope=read%00' }],
    ['zz', '/token', { method: 'POST', headers: { 'content-type': form, authorization: basic }, body: 'grant_type=client_credentials&scope=%zz' }],
    ['notb64', '/token', { method: 'POST', headers: { 'content-type': form, authorization: 'Basic !!!!' }, body: 'grant_type=client_credentials' }],
    ['nocolon', '/token', { method: 'POST', headers: { 'content-type': form, authorization: 'Basic ' + Buffer.from('abc').toString('base64') }, body: 'grant_type=client_credentials' }],
    ['basic alone', '/token', { method: 'POST', headers: { 'content-type': form, authorization: 'Basic' }, body: 'grant_type=client_credentials' }],
    ['bearer', '/token', { method: 'POST', headers: { 'content-type': form, authorization: 'Bearer x' }, body: 'grant_type=client_credentials' }],
    ['hugehdr', '/token', { method: 'POST', headers: { 'content-type': form, authorization: 'Basic ' + 'A'.repeat(20000) }, body: 'grant_type=client_credentials' }],
    ['hugehdr2', '/token', { method: 'POST', headers: { 'content-type': form, authorization: 'Basic ' + 'A'.repeat(100000) }, body: 'grant_type=client_credentials' }],
    ['latin1', '/token', { method: 'POST', headers: { 'content-type': form + '; charset=latin1', authorization: basic }, body: 'grant_type=client_credentials' }],
    ['latin1 iso', '/token', { method: 'POST', headers: { 'content-type': form + '; charset=iso-8859-1', authorization: basic }, body: 'grant_type=client_credentials' }],
    ['scope quote', '/token', { method: 'POST', headers: { 'content-type': form, authorization: basic }, body: 'grant_type=client_credentials&scope=%22read' }],
    ['empty scope', '/token', { method: 'POST', headers: { 'content-type': form, authorization: basic }, body: 'grant_type=client_credentials&scope=' }],
    ['GET', '/token', { method: 'GET' }],
    ['unknown', '/nope', { method: 'GET' }],
    ['unknown post', '/nope', { method: 'POST' }],
    ['data bad bearer', '/data', { headers: { authorization: 'Bearer a b' } }],
    ['data query', '/data?access_token=abc', {}],
    ['revoke notoken', '/revoke', { method: 'POST', headers: { 'content-type': form, authorization: basic }, body: '' }],
    ['introspect none', '/introspect', { method: 'POST', headers: { 'content-type': form }, body: `token=x&client_id=${client.clientId}` }],
    ['introspect json', '/introspect', { method: 'POST', headers: { 'content-type': 'application/json', authorization: basic }, body: '{"token":"x"}' }],
    ['empty id', '/token', { method: 'POST', headers: { 'content-type': form, authorization: 'Basic ' + Buffer.from(':secret').toString('base64') }, body: 'grant_type=client_credentials' }],
    ['unicode user', '/token', { method: 'POST', headers: { 'content-type': form, authorization: basic }, body: 'grant_type=password&username=%F0%9F%98%80%E2%80%AE&password=x' }],
    ['unicode scope', '/token', { method: 'POST', headers: { 'content-type': form, authorization: basic }, body: 'grant_type=client_credentials&scope=r%C3%A9ad' }],
    ['bad utf8', '/token', { method: 'POST', headers: { 'content-type': form, authorization: basic }, body: 'grant_type=client_credentials&scope=%C3%28' }],
    ['long gt', '/token', { method: 'POST', headers: { 'content-type': form, authorization: basic }, body: 'grant_type=' + 'x'.repeat(10000) }],
    ['users me no', '/users/me', { headers: { authorization: 'Basic abc' } }],
    ['users me malformed', '/users/me', { headers: { authorization: 'Bearer' } }],
    ['users me garbage', '/users/me', { headers: { authorization: 'Bearer abc.def.ghi' } }],
  ];
  for (const [name, path, init] of cases) {
    const res = await fetch(server.url + path, init);
    const h: Record<string, string> = {};
    res.headers.forEach((v, k) => { if (!['date', 'x-request-id', 'content-security-policy', 'referrer-policy', 'connection', 'keep-alive'].includes(k)) h[k] = v; });
    console.log(name, res.status, JSON.stringify(h), (await res.text()).slice(0, 300));
  }
  void secret; void basicAuth;
});
