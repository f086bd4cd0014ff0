import { basicAuth, registerClient, startTestServer, TestServer } from '../helpers/test-server.js';

let server: TestServer;
beforeAll(async () => { server = await startTestServer(); });
afterAll(() => server.close());

it('probe', async () => {
  const { basic, client, secret } = await registerClient(server.lk);
  const form = 'application/x-www-form-urlencoded';
  const pw = await registerClient(server.lk, { grantTypes: ['password', 'refresh_token'], firstParty: true });
  const cases: [string, string, RequestInit][] = [
    ['gt unicode', '/token', { method: 'POST', headers: { 'content-type': form, authorization: basic }, body: 'grant_type=%22%5C%C3%A9%0Ax' }],
    ['unicode user', '/token', { method: 'POST', headers: { 'content-type': form, authorization: pw.basic }, body: 'grant_type=password&username=%F0%9F%98%80%E2%80%AE&password=x' }],
    ['user nul', '/token', { method: 'POST', headers: { 'content-type': form, authorization: pw.basic }, body: 'grant_type=password&username=a%00b&password=x' }],
    ['params 200', '/token', { method: 'POST', headers: { 'content-type': form, authorization: basic }, body: 'grant_type=client_credentials&' + Array.from({ length: 200 }, (_, i) => `p${i}=1`).join('&') }],
    ['proto', '/token', { method: 'POST', headers: { 'content-type': form, authorization: basic }, body: 'grant_type=client_credentials&__proto__=x&constructor=y&hasOwnProperty=z' }],
    ['dup query', '/token?a=1&a=2', { method: 'POST', headers: { 'content-type': form, authorization: basic }, body: 'grant_type=client_credentials' }],
    ['gzip garbage', '/token', { method: 'POST', headers: { 'content-type': form, 'content-encoding': 'gzip', authorization: basic }, body: 'grant_type=client_credentials' }],
    ['enc unknown', '/token', { method: 'POST', headers: { 'content-type': form, 'content-encoding': 'zstdx', authorization: basic }, body: 'grant_type=client_credentials' }],
    ['basic pct id', '/token', { method: 'POST', headers: { 'content-type': form, authorization: 'Basic ' + Buffer.from('%zz:y').toString('base64') }, body: 'grant_type=client_credentials' }],
    ['basic 8k', '/token', { method: 'POST', headers: { 'content-type': form, authorization: 'Basic ' + Buffer.from('x'.repeat(6000) + ':y').toString('base64') }, body: 'grant_type=client_credentials' }],
    ['two basic', '/token', { method: 'POST', headers: { 'content-type': form, authorization: basic + ', ' + basic }, body: 'grant_type=client_credentials' }],
    ['revoke nul', '/revoke', { method: 'POST', headers: { 'content-type': form, authorization: basic }, body: 'token=a%00' }],
    ['revoke dup', '/revoke', { method: 'POST', headers: { 'content-type': form, authorization: basic }, body: 'token=a&token=b' }],
    ['revoke json', '/revoke', { method: 'POST', headers: { 'content-type': 'application/json', authorization: basic }, body: '{"token":"a"}' }],
    ['revoke get', '/revoke', { method: 'GET' }],
    ['introspect noauth', '/introspect', { method: 'POST', headers: { 'content-type': form }, body: 'token=a' }],
    ['introspect big', '/introspect', { method: 'POST', headers: { 'content-type': form, authorization: basic }, body: 'token=' + 'a'.repeat(70000) }],
    ['introspect 60k', '/introspect', { method: 'POST', headers: { 'content-type': form, authorization: basic }, body: 'token=' + 'a'.repeat(60000) }],
    ['introspect bearer', '/introspect', { method: 'POST', headers: { 'content-type': form, authorization: 'Bearer abc' }, body: 'token=a' }],
    ['introspect empty token', '/introspect', { method: 'POST', headers: { 'content-type': form, authorization: basic }, body: 'token=' }],
    ['data post', '/data', { method: 'POST' }],
    ['data bearer tab', '/data', { headers: { authorization: 'Bearer a\tb' } }],
    ['token PUT', '/token', { method: 'PUT' }],
    ['secret no id', '/token', { method: 'POST', headers: { 'content-type': form }, body: 'grant_type=client_credentials&client_secret=x' }],
    ['dup client id', '/token', { method: 'POST', headers: { 'content-type': form }, body: `grant_type=client_credentials&client_id=${client.clientId}&client_id=x&client_secret=${secret}` }],
    ['dup scope', '/token', { method: 'POST', headers: { 'content-type': form, authorization: basic }, body: 'grant_type=client_credentials&scope=read&scope=write' }],
    ['bs scope', '/token', { method: 'POST', headers: { 'content-type': form, authorization: basic }, body: 'grant_type=client_credentials&scope=re%5Cad' }],
    ['ctl scope', '/token', { method: 'POST', headers: { 'content-type': form, authorization: basic }, body: 'grant_type=client_credentials&scope=read%09write' }],
  ];
  for (const [name, path, init] of cases.filter(c => c[0].includes('gzip'))) {
    const res = await fetch(server.url + path, init);
    const h: Record<string, string> = {};
    res.headers.forEach((v, k) => { if (!['date', 'x-request-id', 'content-security-policy', 'referrer-policy', 'connection', 'keep-alive'].includes(k)) h[k] = v; });
    console.log(name, res.status, JSON.stringify(h), (await res.text()).slice(0, 300));
  }
  console.log(server.logLines.filter(l => l.includes('unexpected')).join('\n'));
  void secret; void basicAuth;
});
