import { createHash, randomBytes } from 'node:crypto';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { basicAuth, registerUser, startTestServer, type TestServer } from '../../helpers/test-server.js';
import { startClientApp, type ClientApp } from './client-app.js';
import { launchChromium, watchContext, type PageChecks } from './browser.js';

/** The scopes every e2e client asks for. */
export const requestedScopes = ['openid', 'profile', 'email', 'read'];

/** A registered client of the e2e server. */
export interface E2EClient {
  clientId: string;
  clientName: string;
  basic: string;
}

/** A browser context with its checks. */
export interface E2EPage {
  page: Page;
  context: BrowserContext;
  checks: PageChecks;
}

/** One authorization request, with what is needed to check and redeem its answer. */
export interface AuthorizeRequest {
  url: string;
  state: string;
  verifier: string;
}

/** The e2e fixture of one test file: Latchkey, the client app, one Chromium, a new context per test. */
export interface E2E {
  readonly server: TestServer;
  readonly app: ClientApp;
  readonly browser: Browser;
  readonly client: E2EClient;
  /** Scope name to the description the consent and account pages must show. */
  readonly scopeDescriptions: Record<string, string>;
  newPage(options?: { javaScriptEnabled?: boolean }): Promise<E2EPage>;
  newUser(): Promise<{ username: string; password: string }>;
  authorizeRequest(extra?: Record<string, string>): AuthorizeRequest;
  /** Redeems a code at /token with the PKCE verifier (fetch, not the browser). */
  redeem(code: string, verifier: string): Promise<Record<string, unknown>>;
}

/**
 * Registers beforeAll/afterEach/afterAll hooks and returns the fixture. With `issuerHost` (passkeys:
 * `localhost`, as WebAuthn refuses an IP address) the browser uses the issuer's origin; pages are
 * reached at `server.issuer`, which is `server.url` otherwise. After
 * each test every Latchkey HTML page seen must have had the security headers,
 * and the console must have shown no CSP violation.
 */
export function setupE2E(clientName: string, options: { issuerHost?: string } = {}): E2E {
  let server: TestServer | undefined;
  let app: ClientApp | undefined;
  let browser: Browser | undefined;
  let client: E2EClient | undefined;
  let scopeDescriptions: Record<string, string> = {};
  let open: { context: BrowserContext; checks: PageChecks }[] = [];
  let pagesChecked = 0;
  const started = Date.now();

  beforeAll(async () => {
    [server, app, browser] = await Promise.all([startTestServer(options.issuerHost ? { issuerHost: options.issuerHost } : {}), startClientApp(), launchChromium()]);
    const created = await server.lk.clients.create({
      clientName,
      grantTypes: ['authorization_code', 'refresh_token'],
      scopes: requestedScopes,
      redirectUris: [app.callbackUri],
      postLogoutRedirectUris: [app.postLogoutUri],
    });
    client = { clientId: created.client.clientId, clientName, basic: basicAuth(created.client.clientId, created.clientSecret ?? '') };
    const rows = (await server.lk.db('scopes').whereIn('name', requestedScopes).select('name', 'description')) as { name: string; description: string }[];
    scopeDescriptions = Object.fromEntries(rows.map((r) => [r.name, r.description]));
  });

  afterEach(async () => {
    const current = open;
    open = [];
    for (const { checks } of current) await checks.settle();
    await Promise.all(current.map(({ context }) => context.close()));
    for (const { checks } of current) {
      pagesChecked += checks.htmlPages.length;
      expect(checks.headerProblems).toEqual([]);
      expect(checks.consoleProblems).toEqual([]);
    }
  });

  afterAll(async () => {
    await Promise.all(open.map(({ context }) => context.close().catch(() => undefined)));
    await Promise.all([browser?.close(), app?.close(), server?.close()]);
    console.log(`${clientName}: ${pagesChecked} Latchkey pages checked for security headers, ${((Date.now() - started) / 1000).toFixed(1)}s`);
  });

  const need = <T>(value: T | undefined, what: string): T => {
    if (value === undefined) throw new Error(`${what} is not ready (beforeAll failed?)`);
    return value;
  };

  return {
    get server() {
      return need(server, 'server');
    },
    get app() {
      return need(app, 'client app');
    },
    get browser() {
      return need(browser, 'browser');
    },
    get client() {
      return need(client, 'client');
    },
    get scopeDescriptions() {
      return scopeDescriptions;
    },
    async newPage(options = {}) {
      const context = await need(browser, 'browser').newContext({ javaScriptEnabled: options.javaScriptEnabled ?? true, viewport: { width: 900, height: 700 } });
      // Everything is local: fail in seconds, not at the 30 s test timeout.
      context.setDefaultTimeout(5000);
      context.setDefaultNavigationTimeout(5000);
      const checks = watchContext(context, need(server, 'server').issuer);
      open.push({ context, checks });
      return { context, checks, page: await context.newPage() };
    },
    newUser: () => registerUser(need(server, 'server').lk),
    authorizeRequest(extra = {}) {
      const verifier = randomBytes(32).toString('base64url');
      // A state with characters that need encoding, to see it come back unchanged.
      const state = `st ${randomBytes(6).toString('hex')}/+&=`;
      const query = new URLSearchParams({
        response_type: 'code',
        client_id: need(client, 'client').clientId,
        redirect_uri: need(app, 'client app').callbackUri,
        scope: requestedScopes.join(' '),
        state,
        nonce: randomBytes(8).toString('hex'),
        code_challenge: createHash('sha256').update(verifier).digest('base64url'),
        code_challenge_method: 'S256',
        ...extra,
      });
      return { url: `${need(server, 'server').issuer}/authorize?${query}`, state, verifier };
    },
    async redeem(code, verifier) {
      const response = await fetch(`${need(server, 'server').url}/token`, {
        method: 'POST',
        headers: { authorization: need(client, 'client').basic, 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ grant_type: 'authorization_code', code, redirect_uri: need(app, 'client app').callbackUri, code_verifier: verifier }),
      });
      const body = (await response.json()) as Record<string, unknown>;
      if (response.status !== 200) throw new Error(`/token answered ${response.status}: ${JSON.stringify(body)}`);
      return body;
    },
  };
}

/** Fills the sign-in form and submits it with the button. */
export async function signIn(page: Page, username: string, password: string): Promise<void> {
  await page.getByLabel('Username').fill(username);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
}

/** The query parameters of the page's current URL. */
export function queryOf(page: Page): Record<string, string> {
  return Object.fromEntries(new URL(page.url()).searchParams);
}
