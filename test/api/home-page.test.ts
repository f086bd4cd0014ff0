import { getHome } from '../../generated/sdk.gen.js';
import { startTestServer, type TestServer } from '../helpers/test-server.js';

/** GET / (issue 13 §1): a page pointing to the account page, the docs (when on) and discovery, not a JSON 404. */
describe.each([
  ['on', true],
  ['off', false],
])('GET / with LATCHKEY_DOCS=%s', (docs, linksDocs) => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ env: { LATCHKEY_DOCS: docs } });
  });
  afterAll(() => server.close());

  it('answers an HTML page under the pages CSP with the links', async () => {
    const { response } = await getHome({ client: server.sdk, parseAs: 'text' });
    const page = await fetch(`${server.url}/`).then((r) => r.text());
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/html/);
    expect(response.headers.get('content-security-policy')).toMatch(/script-src 'nonce-/);
    expect(page).toContain('href="/account"');
    expect(page).toContain('href="/.well-known/openid-configuration"');
    expect(page.includes('href="/docs"')).toBe(linksDocs);
  });
});
