/**
 * A tiny browser for the sign-in pages (`/authorize`, `/login`, `/consent`, ...):
 * `fetch` with `redirect: 'manual'` and a cookie jar, plus helpers for CSRF
 * tokens, PKCE pairs and a whole "sign in and authorize" run.
 *
 * Shared by several test files: keep the exported API stable; add, do not change.
 */
import { createHash, randomBytes } from 'node:crypto';
import { postToken } from '../../generated/sdk.gen.js';
import type { ClientRecord } from '../../src/domain/records.js';
import type { TestClient, TestServer } from './test-server.js';

/** One answer seen by the {@link Browser}; redirects are never followed. */
export interface BrowserResponse {
  /** HTTP status, e.g. 200, 302, 303, 400, 403. */
  status: number;
  /** The `Location` header, or `null` when there is none. */
  location: string | null;
  /** The body as text (HTML for pages; may be JSON or empty for other answers). */
  html: string;
  /** All response headers (`headers.getSetCookie()` lists each `Set-Cookie`). */
  headers: Headers;
}

/** Form fields for {@link Browser.post}: a record (undefined values are left out) or ready-made params. */
export type FormFields = Record<string, string | undefined> | URLSearchParams;

/** A cookie-keeping browser bound to one server origin. */
export interface Browser {
  /** The server origin, e.g. `http://127.0.0.1:40123`. */
  readonly baseUrl: string;
  /** `GET` a path (`/login`) or an absolute URL on the server; `headers` are added to the request. */
  get(pathOrUrl: string, headers?: Record<string, string>): Promise<BrowserResponse>;
  /** `POST` an `application/x-www-form-urlencoded` form to a path or absolute URL on the server. */
  post(pathOrUrl: string, form: FormFields, headers?: Record<string, string>): Promise<BrowserResponse>;
  /** The value of a cookie in the jar, by its wire name (e.g. `latchkey_session`), or undefined. */
  cookie(name: string): string | undefined;
  /** Puts a cookie in the jar (or replaces it), as if the server had set it. */
  setCookie(name: string, value: string): void;
  /** Removes a cookie from the jar. */
  deleteCookie(name: string): void;
  /** A copy of the whole jar: wire name to value. */
  cookies(): Record<string, string>;
}

/** Wire names of Latchkey's cookies over http (an https issuer adds the `__Host-` prefix). */
export const cookieNames = { session: 'latchkey_session', interaction: 'latchkey_interaction' } as const;

function formBody(form: FormFields): URLSearchParams {
  if (form instanceof URLSearchParams) return form;
  const body = new URLSearchParams();
  for (const [name, value] of Object.entries(form)) if (value !== undefined) body.append(name, value);
  return body;
}

/**
 * Creates a {@link Browser} for `baseUrl`. Every request uses `redirect: 'manual'`,
 * sends the jar's cookies, and stores each `Set-Cookie` (an empty value or
 * `Max-Age=0` removes the cookie). Only the server's own origin is ever fetched.
 */
export function createBrowser(baseUrl: string): Browser {
  const origin = new URL(baseUrl).origin;
  const jar = new Map<string, string>();

  function resolve(pathOrUrl: string): string {
    const url = new URL(pathOrUrl, origin);
    if (url.origin !== origin) throw new Error(`the test browser only talks to ${origin}, not ${url.origin}`);
    return url.toString();
  }

  function store(response: Response): void {
    for (const line of response.headers.getSetCookie()) {
      const [pair = '', ...attributes] = line.split(';');
      const eq = pair.indexOf('=');
      if (eq < 0) continue;
      const name = pair.slice(0, eq).trim();
      const value = pair.slice(eq + 1).trim();
      const expired = attributes.some((a) => /^\s*max-age\s*=\s*0\s*$/i.test(a));
      if (value === '' || expired) jar.delete(name);
      else jar.set(name, value);
    }
  }

  async function send(url: string, init: RequestInit & { headers: Record<string, string> }): Promise<BrowserResponse> {
    const cookieHeader = [...jar].map(([k, v]) => `${k}=${v}`).join('; ');
    if (cookieHeader) init.headers.cookie = cookieHeader;
    const response = await fetch(url, { ...init, redirect: 'manual' });
    store(response);
    return { status: response.status, location: response.headers.get('location'), html: await response.text(), headers: response.headers };
  }

  return {
    baseUrl: origin,
    get: (pathOrUrl, headers = {}) => send(resolve(pathOrUrl), { method: 'GET', headers: { ...headers } }),
    post: (pathOrUrl, form, headers = {}) =>
      send(resolve(pathOrUrl), { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers }, body: formBody(form).toString() }),
    cookie: (name) => jar.get(name),
    setCookie: (name, value) => void jar.set(name, value),
    deleteCookie: (name) => void jar.delete(name),
    cookies: () => Object.fromEntries(jar),
  };
}

/** The `csrf_token` hidden field of a login, consent or logout page; throws when the page has none. */
export function csrfFrom(html: string): string {
  const token = /name="csrf_token" value="([^"]+)"/.exec(html)?.[1];
  if (!token) throw new Error('no csrf_token field on this page');
  return token;
}

/** A PKCE pair (RFC 7636): a random 43-character verifier and its S256 challenge. */
export interface PkcePair {
  verifier: string;
  challenge: string;
}

/** A fresh random verifier (256 bits, base64url) and `BASE64URL(SHA256(verifier))` as the S256 challenge. */
export function pkcePair(): PkcePair {
  const verifier = randomBytes(32).toString('base64url');
  return { verifier, challenge: createHash('sha256').update(verifier, 'ascii').digest('base64url') };
}

/**
 * The parameters of an authorization response at the client: the query of a
 * redirect, or its fragment for `response_mode=fragment` (and implicit), merged.
 */
export function callbackParams(location: string): Record<string, string> {
  const url = new URL(location);
  return { ...Object.fromEntries(url.searchParams), ...Object.fromEntries(new URLSearchParams(url.hash.slice(1))) };
}

/** The target and hidden fields of a `form_post` response page (OAuth 2.0 Form Post Response Mode). */
export function formPostFields(html: string): { action: string; fields: Record<string, string> } {
  const decode = (s: string): string =>
    s.replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
  const action = /<form[^>]*\baction="([^"]*)"/.exec(html)?.[1];
  if (action === undefined) throw new Error('no form on this page');
  const fields: Record<string, string> = {};
  for (const match of html.matchAll(/<input type="hidden" name="([^"]*)" value="([^"]*)">/g)) fields[decode(match[1] ?? '')] = decode(match[2] ?? '');
  return { action: decode(action), fields };
}

/** Options of {@link signInAndAuthorize}. */
export interface SignInOptions {
  /** The client (a `ClientRecord`, or a `TestClient` from `registerClient`). */
  client: ClientRecord | { client: ClientRecord };
  /** Credentials typed on the login page; needed only if the login page is shown. */
  user?: { username: string; password: string };
  /**
   * Authorization request parameters, over these defaults: `response_type=code`,
   * `client_id`, `redirect_uri` (the first registered), a random `state`, and
   * for `response_type=code` a fresh PKCE pair (`code_challenge`,
   * `code_challenge_method=S256`). A value of `undefined` removes a default.
   */
  params?: Record<string, string | undefined>;
  /** Reuse a browser (its session cookie); default: a new one. */
  browser?: Browser;
  /** `GET /authorize` (default) or `POST /authorize` with a form body. */
  method?: 'GET' | 'POST';
  /** What to press on the consent page if it is shown; default `approve`. */
  consent?: 'approve' | 'deny';
  /** Parameters added after `params` (GET only), for ones that repeat such as RFC 8707 `resource`. */
  extraParams?: readonly [string, string][];
}

/** What {@link signInAndAuthorize} saw. */
export interface SignInResult {
  browser: Browser;
  /** The final answer: a 302 to the client, a 200 form_post page, or an error page. */
  response: BrowserResponse;
  /** The final redirect (`response.location`); null for a form_post page or an error page. */
  location: string | null;
  /** The form_post page HTML when the final answer is a 200 page, else null. */
  formPost: string | null;
  /** The parameters sent to /authorize (after defaults). */
  request: Record<string, string>;
  /** The PKCE verifier for the challenge that was sent by default, if any. */
  verifier: string | undefined;
  /** The login page HTML if it was shown, else null. */
  loginPage: string | null;
  /** The consent page HTML if it was shown, else null. */
  consentPage: string | null;
}

/**
 * Runs a sign-in the way a person would: `/authorize`, then the login page
 * (if shown: reads the CSRF token, types the user's credentials), then the
 * consent page (if shown: presses `consent`), and returns the final answer.
 * Throws when a page shows up that it cannot handle (e.g. login without `user`,
 * or a failed login).
 */
export async function signInAndAuthorize(server: Pick<TestServer, 'url'>, options: SignInOptions): Promise<SignInResult> {
  const client = 'client' in options.client ? options.client.client : options.client;
  const browser = options.browser ?? createBrowser(server.url);
  const responseType = options.params && 'response_type' in options.params ? options.params.response_type : 'code';
  const pkce = responseType === 'code' && !(options.params && 'code_challenge' in options.params) ? pkcePair() : undefined;
  const merged: Record<string, string | undefined> = {
    response_type: 'code',
    client_id: client.clientId,
    redirect_uri: client.redirectUris[0],
    state: randomBytes(12).toString('base64url'),
    ...(pkce ? { code_challenge: pkce.challenge, code_challenge_method: 'S256' } : {}),
    ...options.params,
  };
  const request = Object.fromEntries(Object.entries(merged).filter((e): e is [string, string] => e[1] !== undefined));
  let response =
    options.method === 'POST'
      ? await browser.post('/authorize', request)
      : await browser.get(`/authorize?${new URLSearchParams([...Object.entries(request), ...(options.extraParams ?? [])]).toString()}`);
  let loginPage: string | null = null;
  let consentPage: string | null = null;
  for (let step = 0; response.status === 303 && step < 6; step++) {
    const next = response.location ?? '';
    if (next === '/login') {
      const page = await browser.get('/login');
      if (page.status !== 200) throw new Error(`login page answered ${page.status}`);
      if (!options.user) throw new Error('the login page was shown but no user was given');
      loginPage = page.html;
      response = await browser.post('/login', { username: options.user.username, password: options.user.password, csrf_token: csrfFrom(page.html) });
      if (response.status === 200 && response.html.includes('Wrong username or password.')) throw new Error('login failed');
    } else if (next === '/consent') {
      const page = await browser.get('/consent');
      if (page.status !== 200) {
        response = page;
        continue;
      }
      consentPage = page.html;
      response = await browser.post('/consent', { decision: options.consent ?? 'approve', csrf_token: csrfFrom(page.html) });
    } else {
      break;
    }
  }
  const formPost = response.status === 200 ? response.html : null;
  return { browser, response, location: response.status === 302 ? response.location : null, formPost, request, verifier: pkce?.verifier, loginPage, consentPage };
}

/**
 * The `code` of a successful code-flow result; throws (with what came back)
 * when the sign-in ended in anything else.
 */
export function codeFrom(result: Pick<SignInResult, 'location' | 'response'>): string {
  const code = result.location ? callbackParams(result.location).code : undefined;
  if (!code) throw new Error(`no code: ${result.response.status} ${result.location ?? result.response.html.slice(0, 200)}`);
  return code;
}

/**
 * `POST /token` with `grant_type=authorization_code` through the generated SDK.
 * A confidential client authenticates with HTTP Basic, a public one sends
 * `client_id` in the body. `body` adds or overrides fields (`redirect_uri`,
 * `code_verifier`, ...); a value of `undefined` leaves the field out.
 * Returns the SDK result: `response.status`, `data` (200) or `error` (4xx).
 */
export function redeemCode(server: Pick<TestServer, 'sdk'>, client: TestClient, body: { code: string } & Record<string, string | undefined>) {
  const fields: Record<string, string> = { grant_type: 'authorization_code' };
  if (!client.basic) fields.client_id = client.client.clientId;
  for (const [name, value] of Object.entries(body)) if (value !== undefined) fields[name] = value;
  return postToken({
    client: server.sdk,
    body: fields as { grant_type: 'authorization_code'; code: string },
    headers: client.basic ? { Authorization: client.basic } : {},
  });
}

/**
 * The tokens of a sign-in that ended in a redirect back to the app: the code of the 302, redeemed at
 * `/token` with the client's first redirect URI and the PKCE verifier. Asserts each step's status.
 */
export async function tokensFromRedirect(server: Pick<TestServer, 'sdk'>, client: TestClient, response: BrowserResponse, verifier: string | undefined) {
  expect(response.status).toBe(302);
  const code = callbackParams(response.location!).code!;
  const res = await redeemCode(server, client, { code, redirect_uri: client.client.redirectUris[0], code_verifier: verifier });
  expect(res.response.status).toBe(200);
  return res.data!;
}
