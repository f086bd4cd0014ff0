import { postToken } from '../../generated/sdk.gen.js';
import { createBrowser, csrfFrom } from '../helpers/browser-flow.js';
import { recentAuditEvents, registerClient, registerUser, startTestServer, type TestClient, testClock, type TestClock, type TestServer } from '../helpers/test-server.js';
import { testDatabaseUrl } from '../helpers/test-database.js';
import { cliEnv, expectOneLineError, runCli, runJson, unique } from '../cli/run-cli.js';

/** Keycloak's shape with small numbers: 3 failures, then 60 s more per failure, at most 150 s. */
const lockoutEnv = {
  LATCHKEY_LOCKOUT_THRESHOLD: '3',
  LATCHKEY_LOCKOUT_WAIT_INCREMENT_S: '60',
  LATCHKEY_LOCKOUT_MAX_WAIT_S: '150',
  LATCHKEY_LOCKOUT_RESET_S: '3600',
};

let server: TestServer;
let clock: TestClock;
let app: TestClient;
const databaseUrl = testDatabaseUrl();

beforeAll(async () => {
  clock = testClock();
  server = await startTestServer({ env: lockoutEnv, clock, databaseUrl });
  app = await registerClient(server.lk, { grantTypes: ['password'], firstParty: true });
});
afterAll(() => server.close());

const passwordGrant = (username: string, password: string, target: TestServer = server, client: TestClient = app) =>
  postToken({ client: target.sdk, body: { grant_type: 'password', username, password }, headers: { Authorization: client.basic } });

type Answer = Awaited<ReturnType<typeof passwordGrant>>;

/** What a client can observe of an answer. */
const observed = (res: Answer) => ({ status: res.response.status, retryAfter: res.response.headers.get('retry-after'), body: res.error ?? res.data });

const wrong = { error: 'invalid_grant', error_description: 'The username or password is incorrect.' };
const locked = (seconds: number) => ({
  status: 429,
  retryAfter: String(seconds),
  body: { error: 'temporarily_unavailable', error_description: `Too many failed sign-in attempts. Retry after ${seconds} seconds.` },
});

async function failTimes(username: string, times: number): Promise<void> {
  for (let i = 0; i < times; i += 1) expect(observed(await passwordGrant(username, 'wrong password'))).toMatchObject({ status: 400, body: wrong });
}

describe('account lockout (password grant)', () => {
  it('locks after the threshold, refuses even the right password, and waits one increment longer per further failure up to the cap', async () => {
    const { user, username, password } = await registerUser(server.lk);
    await failTimes(username, 3);
    expect(observed(await passwordGrant(username, password))).toEqual(locked(60));
    clock.advance(30_000);
    expect(observed(await passwordGrant(username, password))).toEqual(locked(30));
    clock.advance(30_000);
    await failTimes(username, 1);
    expect(observed(await passwordGrant(username, password))).toEqual(locked(120));
    clock.advance(120_000);
    await failTimes(username, 1);
    expect(observed(await passwordGrant(username, password))).toEqual(locked(150));
    clock.advance(150_000);
    expect((await passwordGrant(username, password)).response.status).toBe(200);
    // Success forgets the failures: one more is far from the threshold.
    await failTimes(username, 1);
    expect((await passwordGrant(username, password)).response.status).toBe(200);
    const events = (await recentAuditEvents(server, 50, 'user.locked_out')).filter((e) => e.subject === user.id);
    expect(events.map((e) => e.detail)).toEqual([
      { via: 'password_grant', failures: 5, locked_for_s: 150, account: 'known' },
      { via: 'password_grant', failures: 4, locked_for_s: 120, account: 'known' },
      { via: 'password_grant', failures: 3, locked_for_s: 60, account: 'known' },
    ]);
    expect(events[0]).toMatchObject({ event: 'user.locked_out', outcome: 'failure', clientId: app.client.clientId, ip: '127.0.0.1' });
  });

  it('answers an unknown username exactly like an existing one, at every step', async () => {
    const { username, password } = await registerUser(server.lk);
    const ghost = unique('ghost');
    const both = async (pw: (name: string) => string) => [observed(await passwordGrant(username, pw(username))), observed(await passwordGrant(ghost, pw(ghost)))];
    const right = (name: string) => (name === username ? password : 'a guess');
    for (let i = 0; i < 3; i += 1) {
      const [known, unknown] = await both(() => 'wrong password');
      expect(unknown).toEqual(known);
    }
    const [known, unknown] = await both(right);
    expect(known).toEqual(locked(60));
    expect(unknown).toEqual(known);
    const events = await recentAuditEvents(server, 50, 'user.locked_out');
    expect(events.some((e) => e.subject === null && (e.detail as { account?: string }).account === 'unknown')).toBe(true);
    expect(JSON.stringify(events)).not.toContain(ghost);
  });

  it('counts usernames after normalisation (case, width), so spelling variants share one count', async () => {
    const { username, password } = await registerUser(server.lk);
    await failTimes(username.toUpperCase(), 1);
    await failTimes(` ${username}`, 1);
    await failTimes(`\uFF55${username.slice(1)}`, 1); // a fullwidth "u", which NFKC folds
    expect(username.startsWith('u')).toBe(true);
    expect(observed(await passwordGrant(username, password))).toEqual(locked(60));
    clock.advance(60_000);
  });

  it('forgets failures once the last one is LATCHKEY_LOCKOUT_RESET_S old', async () => {
    const { username, password } = await registerUser(server.lk);
    await failTimes(username, 2);
    clock.advance(3_600_000);
    await failTimes(username, 2);
    expect((await passwordGrant(username, password)).response.status).toBe(200);
  });
});

describe('account lockout (login page, shared with the password grant)', () => {
  async function signInPage(target: TestServer, username: string, password: string) {
    const browser = createBrowser(target.url);
    const form = await browser.get('/login');
    return browser.post('/login', { username, password, csrf_token: csrfFrom(form.html) });
  }

  it('shows the 429 page with Retry-After for a locked account, the same for an unknown username, and never signs in', async () => {
    const { username, password } = await registerUser(server.lk);
    const ghost = unique('ghost');
    for (let i = 0; i < 2; i += 1) {
      expect((await signInPage(server, username, 'wrong password')).status).toBe(200);
      expect((await signInPage(server, ghost, 'wrong password')).status).toBe(200);
    }
    await failTimes(username, 1);
    await failTimes(ghost, 1);
    const known = await signInPage(server, username, password);
    const unknown = await signInPage(server, ghost, 'a guess');
    for (const page of [known, unknown]) {
      expect(page.status).toBe(429);
      expect(page.headers.get('retry-after')).toBe('60');
      expect(page.headers.get('content-type')).toMatch(/^text\/html/);
      expect(page.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
      expect(page.html).toContain('Try again in 60 seconds.');
      expect(page.headers.getSetCookie().join()).not.toContain('latchkey_session');
    }
    const strip = (html: string) => html.replace(/nonce(-|=")[\w-]+/g, '').replace(/<code>[^<]*<\/code>/, '');
    expect(strip(unknown.html)).toBe(strip(known.html));
    clock.advance(60_000);
    expect((await signInPage(server, username, password)).status).toBe(303);
  });
});

describe('failed sign-ins per address', () => {
  it('refuses sign-ins from an address after its limit, whatever the usernames, even with the right password', async () => {
    const limited = await startTestServer({ env: { LATCHKEY_RATE_LIMIT_LOGIN_IP_FAILURES: '3' } });
    try {
      const client = await registerClient(limited.lk, { grantTypes: ['password', 'client_credentials'], firstParty: true });
      const { username, password } = await registerUser(limited.lk);
      expect((await passwordGrant(username, password, limited, client)).response.status).toBe(200);
      for (const name of [unique('a'), unique('b'), unique('c')]) {
        expect((await passwordGrant(name, 'guess', limited, client)).response.status).toBe(400);
      }
      expect(observed(await passwordGrant(username, password, limited, client))).toMatchObject({ status: 429, body: { error: 'temporarily_unavailable' } });
      const browser = createBrowser(limited.url);
      const form = await browser.get('/login');
      const page = await browser.post('/login', { username, password, csrf_token: csrfFrom(form.html) });
      expect(page.status).toBe(429);
      expect(Number(page.headers.get('retry-after'))).toBeGreaterThan(800);
      // Client authentication and other grants are a different count.
      const other = await postToken({ client: limited.sdk, body: { grant_type: 'client_credentials' }, headers: { Authorization: client.basic } });
      expect(other.response.status).toBe(200);
    } finally {
      await limited.close();
    }
  });
});

describe('failed sign-ins per address, sent all at once', () => {
  it('never lets more guesses through than the limit, however many arrive together', async () => {
    const limited = await startTestServer({ env: { LATCHKEY_RATE_LIMIT_LOGIN_IP_FAILURES: '3' } });
    try {
      const client = await registerClient(limited.lk, { grantTypes: ['password'], firstParty: true });
      const answers = await Promise.all(Array.from({ length: 8 }, () => passwordGrant(unique('guess'), 'guess', limited, client)));
      const statuses = answers.map((a) => a.response.status).sort();
      expect(statuses).toEqual([400, 400, 400, 429, 429, 429, 429, 429]);
    } finally {
      await limited.close();
    }
  });
});

describe('latchkey users unlock', () => {
  it('ends a lockout at once; the right password works again', async () => {
    const { username, password } = await registerUser(server.lk);
    await failTimes(username, 3);
    clock.advance(60_000);
    await failTimes(username, 1);
    expect(observed(await passwordGrant(username, password))).toEqual(locked(120));
    const env = cliEnv({ DATABASE_URL: databaseUrl });
    const unlocked = await runJson(env, ['users', 'unlock', username.toUpperCase()]);
    expect(unlocked).toMatchObject({ username, failed_sign_ins_cleared: 4, was_locked: true });
    expect((await passwordGrant(username, password)).response.status).toBe(200);
    const again = await runCli(env, ['users', 'unlock', username]);
    expect(again).toMatchObject({ status: 0, stderr: '' });
    expect(again.stdout).toBe(`Unlocked ${username} (was not locked; cleared 0 failed sign-ins and 0 failed second factors)\n`);
  });

  it('refuses an unknown username with one error line', async () => {
    const run = await runCli(cliEnv({ DATABASE_URL: databaseUrl }), ['users', 'unlock', unique('nobody')]);
    expect(expectOneLineError(run, 1)).toMatch(/^latchkey: no such user: nobody-/);
  });
});
