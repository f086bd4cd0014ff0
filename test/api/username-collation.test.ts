import { postToken } from '../../generated/sdk.gen.js';
import { createBrowser, csrfFrom } from '../helpers/browser-flow.js';
import { jwtPayload, registerClient, startTestServer, type TestClient, testClock, type TestClock, type TestServer } from '../helpers/test-server.js';
import { unique } from '../cli/run-cli.js';

/**
 * Usernames are normalised (NFKC, lower case) in code and then compared byte for byte on every
 * database. MariaDB's default collation folds accents as well as case, so before the binary collation
 * `alicé` found `alice` there, with a lockout count of its own: after alice's lockout, `alicé` and
 * `àlicê` with her password still got her tokens. These tests matter on MySQL (`npm run test:mysql`);
 * they hold on SQLite and on PostgreSQL (`npm run test:postgres`, where the column has the `C` collation) as well.
 */
const lockoutEnv = { LATCHKEY_LOCKOUT_THRESHOLD: '3', LATCHKEY_LOCKOUT_WAIT_INCREMENT_S: '60', LATCHKEY_LOCKOUT_MAX_WAIT_S: '600', LATCHKEY_LOCKOUT_RESET_S: '3600' };
const password = 'correct horse battery staple';

let server: TestServer;
let clock: TestClock;
let app: TestClient;

beforeAll(async () => {
  clock = testClock();
  server = await startTestServer({ env: lockoutEnv, clock });
  app = await registerClient(server.lk, { grantTypes: ['password'], firstParty: true });
});
afterAll(() => server.close());

const passwordGrant = (username: string, pw: string) =>
  postToken({ client: server.sdk, body: { grant_type: 'password', username, password: pw }, headers: { Authorization: app.basic } });

async function signInPage(username: string, pw: string) {
  const browser = createBrowser(server.url);
  const form = await browser.get('/login');
  return browser.post('/login', { username, password: pw, csrf_token: csrfFrom(form.html) });
}

/** A fresh `alice-…` (the shared server test database keeps users between runs) and spellings of it. */
async function alice() {
  const suffix = unique('x');
  const user = await server.lk.users.create({ username: `alice-${suffix}`, password });
  return { user, plain: `alice-${suffix}`, upper: `ALICE-${suffix.toUpperCase()}`, accented: [`alicé-${suffix}`, `àlicê-${suffix}`] };
}

describe('usernames compare bytes after normalisation, on every database', () => {
  it('finds alice under ALICE, and nobody under alicé or àlicê', async () => {
    const { user, upper, accented } = await alice();
    expect((await server.lk.users.findByUsername(upper))?.id).toBe(user.id);
    for (const name of accented) expect(await server.lk.users.findByUsername(name)).toBeUndefined();
    const ok = await passwordGrant(upper, password);
    expect(ok.response.status).toBe(200);
    expect(jwtPayload(ok.data?.access_token ?? '').sub).toBe(user.id);
  });

  it('creates alicé as a user of her own beside alice', async () => {
    const { user, accented } = await alice();
    const other = await server.lk.users.create({ username: accented[0] as string, password: 'another long password' });
    expect(other.id).not.toBe(user.id);
    expect(other.username).toBe(accented[0]);
    expect((await server.lk.users.findByUsername(accented[0] as string))?.id).toBe(other.id);
    const token = await passwordGrant(accented[0] as string, 'another long password');
    expect(jwtPayload(token.data?.access_token ?? '').sub).toBe(other.id);
    expect((await passwordGrant(accented[0] as string, password)).response.status).toBe(400);
  });

  it('counts ALICE and alice as one account, whose lockout no accented spelling gets around, at /token or at POST /login', async () => {
    const { plain, upper, accented } = await alice();
    for (const name of [upper, plain, upper]) expect((await passwordGrant(name, 'wrong password')).response.status).toBe(400);
    expect((await passwordGrant(plain, password)).response.status).toBe(429);
    for (const name of accented) {
      const answer = await passwordGrant(name, password);
      expect({ name, status: answer.response.status, error: answer.error }).toEqual({
        name,
        status: 400,
        error: { error: 'invalid_grant', error_description: 'The username or password is incorrect.' },
      });
      const page = await signInPage(name, password);
      expect({ name, status: page.status, signedIn: page.headers.getSetCookie().some((c) => c.startsWith('latchkey_session=') && !c.startsWith('latchkey_session=;')) }).toEqual({
        name,
        status: 200,
        signedIn: false,
      });
      expect(page.html).toContain('Wrong username or password.');
    }
    clock.advance(600_000);
  });
});
