/**
 * The fuzzer's credentials: registered clients, a user, a browser session, a
 * sign-in in progress and real tokens, so that generated requests get past
 * authentication and deep into the handlers. Requests may use them up (log
 * out, revoke, rotate); {@link World.refresh} replaces what no longer works.
 */
import { codeFrom, createBrowser, csrfFrom, pkcePair, redeemCode, signInAndAuthorize } from '../helpers/browser-flow.js';
import { registerClient, registerUser, type TestClient, type TestServer } from '../helpers/test-server.js';

export const metricsToken = 'fuzz-metrics-token-0123456789abcdefghij';
const unlimited = '1000000000';
/**
 * Server settings for the fuzz run: metrics behind a token, so that `/metrics` has a way in too; rate limits and
 * lockout on but out of reach, so that thousands of failed authentications do not turn every later request into a
 * 429 (the limits have their own tests).
 */
export const fuzzServerEnv = {
  LATCHKEY_METRICS: 'token',
  LATCHKEY_METRICS_TOKEN: metricsToken,
  LATCHKEY_RATE_LIMIT_IP_RPM: unlimited,
  LATCHKEY_RATE_LIMIT_CLIENT_RPM: unlimited,
  LATCHKEY_RATE_LIMIT_CLIENT_AUTH_FAILURES: unlimited,
  LATCHKEY_RATE_LIMIT_IP_AUTH_FAILURES: unlimited,
  LATCHKEY_RATE_LIMIT_LOGIN_IP_FAILURES: unlimited,
  LATCHKEY_LOCKOUT_THRESHOLD: unlimited,
  LATCHKEY_INTERACTIONS_PER_IP: unlimited,
};

const redirectUri = 'https://app.example.com/cb';
const loggedOut = 'https://app.example.com/logged-out';
const origin = 'https://app.example.com';
const allScopes = ['openid', 'profile', 'email', 'offline_access', 'read', 'write'];

/** A known-good request for an operation; the fuzzer sends it as is, or with one part broken. */
export interface Example {
  readonly path?: Readonly<Record<string, string>>;
  readonly query?: Readonly<Record<string, string>>;
  readonly body?: Readonly<Record<string, string>>;
  readonly authorization?: string;
  readonly cookie?: string;
}

export interface World {
  /** Valid values for a parameter name (`client_id`, `token`, `csrf_token`, ...); empty when none is known. */
  valid(name: string): readonly string[];
  /** Valid `Authorization` headers for a security scheme type (`http basic`, `http bearer`). */
  authorizations(schemeType: string): readonly string[];
  /** Known-good requests by operationId (none for an operation the world does not know). */
  examples(operationId: string): readonly Example[];
  /** The operationIds {@link examples} knows. */
  readonly exampleIds: readonly string[];
  /** Valid `Cookie` headers: the session, the sign-in in progress, both. */
  cookies(): readonly string[];
  readonly origins: readonly string[];
  /** Where the registered clients may be sent back to (redirect and post-logout URIs). */
  readonly redirectUris: readonly string[];
  /** Replaces any credential a request used up. */
  refresh(): Promise<void>;
}

interface Live {
  session: string;
  sessionCsrf: string;
  interaction: string;
  interactionCsrf: string;
  consentInteraction: string;
  consentCsrf: string;
  userAccess: string;
  refresh: string;
  idToken: string;
  clientAccess: string;
}

export async function createWorld(server: TestServer): Promise<World> {
  const { lk } = server;
  const browserApp = { redirectUris: [redirectUri], postLogoutRedirectUris: [loggedOut], allowedOrigins: [origin], scopes: allScopes };
  const apps = {
    web: await registerClient(lk, { clientName: 'Fuzz web app', grantTypes: ['authorization_code', 'refresh_token'], ...browserApp }),
    service: await registerClient(lk, { clientName: 'Fuzz service', allowedOrigins: [origin] }),
    firstParty: await registerClient(lk, { clientName: 'Fuzz first party', grantTypes: ['password', 'refresh_token'], firstParty: true, scopes: allScopes }),
    post: await registerClient(lk, { clientName: 'Fuzz post', tokenEndpointAuthMethod: 'client_secret_post' }),
    public: await registerClient(lk, { clientName: 'Fuzz public', grantTypes: ['authorization_code', 'refresh_token'], tokenEndpointAuthMethod: 'none', ...browserApp }),
    implicit: await registerClient(lk, { clientName: 'Fuzz implicit', grantTypes: ['authorization_code'], implicit: true, ...browserApp }),
    resourceServer: await registerClient(lk, { clientName: 'Fuzz resource server', resourceServer: true }),
  };
  const clients: TestClient[] = Object.values(apps);
  const user = await registerUser(lk);
  const pkce = pkcePair();
  const browser = createBrowser(server.url);
  const live = {} as Live;

  async function signIn(): Promise<void> {
    const scope = allScopes.join(' ');
    const result = await signInAndAuthorize(server, { client: apps.web, user, browser, params: { scope } });
    const tokens = await redeemCode(server, apps.web, { code: codeFrom(result), redirect_uri: redirectUri, code_verifier: result.verifier });
    if (!tokens.data?.refresh_token || !tokens.data.id_token) throw new Error(`fuzz world: code redemption answered ${tokens.response.status}`);
    const account = await browser.get('/account');
    Object.assign(live, {
      session: browser.cookie('latchkey_session'),
      sessionCsrf: csrfFrom(account.html),
      userAccess: tokens.data.access_token,
      refresh: tokens.data.refresh_token,
      idToken: tokens.data.id_token,
    });
  }

  /** A sign-in waiting at the login page, in a browser without a session. */
  async function startSignIn(): Promise<void> {
    const fresh = createBrowser(server.url);
    const query = new URLSearchParams({ response_type: 'code', client_id: apps.web.client.clientId, redirect_uri: redirectUri, scope: 'openid read', state: 'st', code_challenge: pkce.challenge, code_challenge_method: 'S256' });
    await fresh.get(`/authorize?${query}`);
    const login = await fresh.get('/login');
    live.interaction = fresh.cookie('latchkey_interaction') ?? '';
    live.interactionCsrf = csrfFrom(login.html);
  }

  /** A sign-in waiting at the consent page, in the signed-in browser (`prompt=consent`: approving does not make the page go away). */
  async function startConsent(): Promise<void> {
    const query = new URLSearchParams({ response_type: 'code', client_id: apps.public.client.clientId, scope: 'openid read', state: 'st', code_challenge: pkce.challenge, code_challenge_method: 'S256', prompt: 'consent' });
    await browser.get(`/authorize?${query}`);
    const page = await browser.get('/consent');
    live.consentInteraction = browser.cookie('latchkey_interaction') ?? '';
    live.consentCsrf = csrfFrom(page.html);
    browser.deleteCookie('latchkey_interaction');
  }

  async function clientToken(): Promise<void> {
    const res = await fetch(`${server.url}/token`, { method: 'POST', headers: { authorization: apps.service.basic, 'content-type': 'application/x-www-form-urlencoded' }, body: 'grant_type=client_credentials' });
    live.clientAccess = ((await res.json()) as { access_token: string }).access_token;
  }

  const active = async (token: string, client = apps.web): Promise<boolean> => (await lk.introspect(token, client.client)).active;

  await Promise.all([signIn(), startSignIn(), clientToken()]);
  await startConsent();

  const basics = clients.map((c) => c.basic).filter(Boolean);
  const secrets = clients.map((c) => c.secret).filter(Boolean);
  const clientIds = clients.map((c) => c.client.clientId);
  const fixed: Record<string, readonly string[]> = {
    client_id: clientIds,
    client_secret: secrets,
    redirect_uri: [redirectUri, 'com.example.app:/cb'],
    post_logout_redirect_uri: [loggedOut],
    response_type: ['code', 'token', 'id_token token', 'token id_token', 'id_token'],
    response_mode: ['query', 'fragment', 'form_post'],
    scope: ['read', 'read write', 'openid', allScopes.join(' '), 'openid offline_access', 'unknown_scope'],
    state: ['st', 'a b&c'],
    nonce: ['n-0S6_WzA2Mj'],
    code_challenge: [pkce.challenge],
    code_challenge_method: ['S256', 'plain'],
    code_verifier: [pkce.verifier],
    prompt: ['none', 'login', 'consent', 'login consent'],
    max_age: ['0', '3600'],
    grant_type: ['client_credentials', 'password', 'refresh_token', 'authorization_code'],
    username: [user.username],
    password: [user.password],
    token_type_hint: ['access_token', 'refresh_token'],
    decision: ['approve', 'deny', 'logout', 'cancel'],
  };
  const dynamic: Record<string, () => readonly string[]> = {
    token: () => [live.userAccess, live.refresh, live.clientAccess, live.idToken],
    refresh_token: () => [live.refresh],
    id_token_hint: () => [live.idToken],
    csrf_token: () => [live.sessionCsrf, live.interactionCsrf, live.consentCsrf],
  };
  const bearer = () => `Bearer ${live.userAccess}`;
  const session = () => `latchkey_session=${live.session}`;
  const signInParams = (client: TestClient, extra: Record<string, string> = {}) => ({
    response_type: 'code', client_id: client.client.clientId, redirect_uri: redirectUri, scope: 'openid profile read', state: 'st', code_challenge: pkce.challenge, code_challenge_method: 'S256', ...extra,
  });
  /** Known-good requests, read at generation time (the tokens in them change). */
  const examples: Record<string, () => Example[]> = {
    postToken: (): Example[] => [
      { authorization: apps.service.basic, body: { grant_type: 'client_credentials', scope: 'read' } },
      { body: { grant_type: 'client_credentials', client_id: apps.post.client.clientId, client_secret: apps.post.secret } },
      { authorization: apps.firstParty.basic, body: { grant_type: 'password', username: user.username, password: user.password, scope: 'openid read write' } },
      { authorization: apps.web.basic, body: { grant_type: 'refresh_token', refresh_token: live.refresh, scope: 'openid read' } },
      { authorization: apps.web.basic, body: { grant_type: 'authorization_code', code: 'not-a-code', redirect_uri: redirectUri, code_verifier: pkce.verifier } },
    ],
    postRevoke: (): Example[] => [
      { authorization: apps.web.basic, body: { token: live.userAccess, token_type_hint: 'access_token' } },
      { authorization: apps.web.basic, body: { token: live.refresh } },
      { authorization: apps.service.basic, body: { token: live.userAccess } },
      { body: { token: 'unknown-token', client_id: apps.public.client.clientId } },
    ],
    postIntrospect: (): Example[] => [
      { authorization: apps.resourceServer.basic, body: { token: live.userAccess } },
      { authorization: apps.web.basic, body: { token: live.refresh, token_type_hint: 'refresh_token' } },
      { authorization: apps.service.basic, body: { token: live.clientAccess } },
    ],
    getAuthorize: (): Example[] => [
      { query: signInParams(apps.web), cookie: session() },
      { query: signInParams(apps.public, { prompt: 'consent' }), cookie: session() },
      { query: signInParams(apps.web, { response_mode: 'form_post', nonce: 'n' }) },
      { query: { response_type: 'id_token token', client_id: apps.implicit.client.clientId, scope: 'openid', nonce: 'n', state: 'st' }, cookie: session() },
      { query: signInParams(apps.web, { prompt: 'none' }) },
    ],
    postLogin: (): Example[] => [{ cookie: `latchkey_interaction=${live.interaction}`, body: { username: user.username, password: user.password, csrf_token: live.interactionCsrf } }],
    getConsent: (): Example[] => [{ cookie: `${session()}; latchkey_interaction=${live.consentInteraction}` }],
    postConsent: (): Example[] => [
      { cookie: `${session()}; latchkey_interaction=${live.consentInteraction}`, body: { decision: 'approve', csrf_token: live.consentCsrf } },
      { cookie: `${session()}; latchkey_interaction=${live.consentInteraction}`, body: { decision: 'deny', csrf_token: live.consentCsrf } },
    ],
    getLogout: (): Example[] => [{ cookie: session(), query: { id_token_hint: live.idToken, post_logout_redirect_uri: loggedOut, state: 'st' } }],
    postLogout: (): Example[] => [
      { cookie: session(), body: { decision: 'logout', csrf_token: live.sessionCsrf, client_id: apps.web.client.clientId, post_logout_redirect_uri: loggedOut } },
      { cookie: session(), body: { decision: 'cancel', csrf_token: live.sessionCsrf } },
    ],
    getAccount: (): Example[] => [{ cookie: session() }],
    postAccountRevoke: (): Example[] => [{ cookie: session(), body: { client_id: apps.web.client.clientId, csrf_token: live.sessionCsrf } }],
    getAccountTotp: (): Example[] => [{ cookie: session() }],
    postAccountTotp: (): Example[] => [{ cookie: session(), body: { csrf_token: live.sessionCsrf } }],
    postAccountTotpConfirm: (): Example[] => [{ cookie: session(), body: { csrf_token: live.sessionCsrf, code: '123456' } }],
    postAccountTotpRemove: (): Example[] => [{ cookie: session(), body: { csrf_token: live.sessionCsrf } }],
    postAccountRecoveryCodes: (): Example[] => [{ cookie: session(), body: { csrf_token: live.sessionCsrf } }],
    listAccountGrants: (): Example[] => [{ authorization: bearer() }],
    revokeAccountGrant: (): Example[] => [{ authorization: bearer(), path: { client_id: apps.web.client.clientId } }, { authorization: bearer(), path: { client_id: apps.public.client.clientId } }],
    getUserinfo: (): Example[] => [{ authorization: bearer() }],
    postUserinfo: (): Example[] => [{ authorization: bearer() }],
    getCurrentUser: (): Example[] => [{ authorization: bearer() }],
    getData: (): Example[] => [{ authorization: bearer() }, { authorization: `Bearer ${live.clientAccess}` }],
    getSensitiveData: (): Example[] => [{ authorization: bearer() }, { authorization: `Bearer ${live.clientAccess}` }],
    getMetrics: (): Example[] => [{ authorization: `Bearer ${metricsToken}` }],
  };
  examples.postAuthorize = () => examples.getAuthorize!().map(({ query, ...rest }) => ({ ...rest, body: query }));

  return {
    examples: (operationId) => examples[operationId]?.() ?? [],
    exampleIds: Object.keys(examples),
    valid: (name) => dynamic[name]?.() ?? fixed[name] ?? [],
    authorizations: (type) =>
      type === 'http basic' ? basics : type === 'http bearer' ? [`Bearer ${live.userAccess}`, `Bearer ${live.clientAccess}`, `Bearer ${metricsToken}`] : [],
    cookies: () => [
      `latchkey_session=${live.session}`,
      `latchkey_interaction=${live.interaction}`,
      `latchkey_session=${live.session}; latchkey_interaction=${live.interaction}`,
      `latchkey_session=${live.session}; latchkey_interaction=${live.consentInteraction}`,
    ],
    origins: [origin],
    redirectUris: [redirectUri, loggedOut],
    async refresh() {
      const [session, interaction, consent, userAccess, refresh, clientAccess] = await Promise.all([
        lk.sessions.resolve(live.session),
        lk.interactions.resolve(live.interaction),
        lk.interactions.resolve(live.consentInteraction),
        active(live.userAccess),
        active(live.refresh),
        active(live.clientAccess, apps.service),
      ]);
      if (!session || !userAccess || !refresh) await signIn();
      if (!interaction) await startSignIn();
      if (!consent || consent.purpose.kind !== 'authorize' || !consent.purpose.loginDone || !session) await startConsent();
      if (!clientAccess) await clientToken();
    },
  };
}
