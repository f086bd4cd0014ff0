import type { Browser, BrowserContext, Page } from 'playwright-core';
import { registerClient, startTestServer, type TestClient, type TestServer } from '../helpers/test-server.js';
import { launchChromium, screenshot, watchContext, type PageChecks } from './helpers/browser.js';

/**
 * Swagger UI's "Try it out" and "Authorize" against Latchkey itself (issue 8 §4), in Chromium: a new user
 * gets a client-credentials token from the form as it is pre-filled, or from the Authorize button, and
 * calls GET /data with it. Swagger UI must be running on the derived spec (a flat token form), and its
 * strict Content-Security-Policy must not block anything it does.
 */

let server: TestServer;
let client: TestClient;
let browser: Browser;
let context: BrowserContext;
let checks: PageChecks;
let page: Page;

beforeAll(async () => {
  server = await startTestServer({ env: { LATCHKEY_DOCS: 'on' } });
  client = await registerClient(server.lk, { clientName: 'Swagger UI test', scopes: ['read'] });
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
  await server?.close();
});

beforeEach(async () => {
  context = await browser.newContext();
  checks = watchContext(context, server.url);
  page = await context.newPage();
  await page.goto(`${server.url}/docs/`);
  await page.waitForSelector('#operations-oauth-postToken');
});
afterEach(async () => {
  await checks.settle();
  expect(checks.consoleProblems).toEqual([]);
  await context.close();
});

/** Opens the Authorize dialog and runs `fill` inside the block of one security scheme. */
async function authorizeWith(scheme: string, fill: (block: ReturnType<Page['locator']>) => Promise<void>): Promise<void> {
  await page.click('.auth-wrapper button.authorize');
  const block = page.locator('.auth-container', { has: page.locator('h4', { hasText: scheme }) }).first();
  await fill(block);
  await block.locator('button.authorize').click();
  await page.locator('.dialog-ux button.close-modal').click();
}

async function tryItOut(operation: string): Promise<void> {
  await page.click(`#operations-${operation} .opblock-summary`);
  await page.click(`#operations-${operation} .try-out__btn`);
}

it('uses the derived spec: a flat token form starting as the client-credentials example', async () => {
  const spec = await page.evaluate(() => (window as unknown as { ui: { specSelectors: { specJson(): { toJS(): unknown } } } }).ui.specSelectors.specJson().toJS());
  const tokenBody = (spec as { paths: Record<string, { post: { requestBody: { content: Record<string, { schema: Record<string, unknown> }> } } }> }).paths['/token']!.post.requestBody.content[
    'application/x-www-form-urlencoded'
  ]!.schema;
  expect(tokenBody.oneOf).toBeUndefined();
  expect(tokenBody).toMatchObject({ type: 'object', required: ['grant_type'], properties: { grant_type: { enum: expect.arrayContaining(['client_credentials']) } } });
  await tryItOut('oauth-postToken');
  const form = page.locator('#operations-oauth-postToken');
  expect(await form.locator('tr[data-property-name="grant_type"] select').inputValue()).toBe('client_credentials');
  expect(await form.locator('tr[data-property-name="scope"] input:not([type=checkbox])').inputValue()).toBe('read');
  for (const name of ['client_id', 'client_secret', 'username', 'password', 'code', 'refresh_token']) {
    expect({ name, value: await form.locator(`tr[data-property-name="${name}"] input:not([type=checkbox])`).inputValue() }).toEqual({ name, value: '' });
  }
});

it('gets a token from "Try it out" on POST /token, then GET /data answers 200 with it', async () => {
  await authorizeWith('clientSecretBasic', async (block) => {
    await block.locator('#auth-basic-username').fill(client.client.clientId);
    await block.locator('#auth-basic-password').fill(client.secret);
  });
  await tryItOut('oauth-postToken');
  const [response] = await Promise.all([
    page.waitForResponse((r) => r.url() === `${server.url}/token` && r.request().method() === 'POST'),
    page.click('#operations-oauth-postToken button.execute'),
  ]);
  const sent = new URLSearchParams(response.request().postData() ?? '');
  // Swagger UI sends the fields it left empty as `name=`; RFC 6749 §3.2 makes them absent. No placeholders.
  expect([...sent].filter(([, value]) => value !== '')).toEqual(expect.arrayContaining([['grant_type', 'client_credentials'], ['scope', 'read']]));
  expect([...sent].filter(([, value]) => value !== '')).toHaveLength(2);
  expect(response.request().headers().authorization).toBe(client.basic);
  const body = (await response.json()) as { access_token: string; scope: string };
  expect({ status: response.status(), scope: body.scope }).toEqual({ status: 200, scope: 'read' });
  await page.locator('#operations-oauth-postToken .live-responses-table .response-col_status', { hasText: '200' }).waitFor();
  await screenshot(page, 'swagger-ui-token');

  const data = await fetch(`${server.url}/data`, { headers: { authorization: `Bearer ${body.access_token}` } });
  expect(data.status).toBe(200);
  expect(await data.json()).toMatchObject({ requested_by: { client_id: client.client.clientId } });
});

it('gets a token with the Authorize button (oauth2 client credentials at Latchkey) and calls GET /data through Swagger UI', async () => {
  const [tokenResponse] = await Promise.all([
    page.waitForResponse((r) => r.url() === `${server.url}/token`),
    authorizeWith('clientCredentials', async (block) => {
      await block.locator('#client_id_clientCredentials').fill(client.client.clientId);
      await block.locator('#client_secret_clientCredentials').fill(client.secret);
      await block.locator('label[for="read-clientCredentials-checkbox-oauth2"]').click();
    }),
  ]);
  expect(tokenResponse.status()).toBe(200);
  await tryItOut('resources-getData');
  const [data] = await Promise.all([page.waitForResponse((r) => r.url() === `${server.url}/data`), page.click('#operations-resources-getData button.execute')]);
  expect(data.request().headers().authorization).toMatch(/^Bearer /);
  expect(data.status()).toBe(200);
  await page.locator('#operations-resources-getData .live-responses-table .response-col_status', { hasText: '200' }).waitFor();
  await screenshot(page, 'swagger-ui-data');
});
