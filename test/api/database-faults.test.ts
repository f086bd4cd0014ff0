import type { Knex } from 'knex';
import { postToken } from '../../generated/sdk.gen.js';
import { sha256Hex } from '../../src/crypto/random.js';
import { openDatabase } from '../../src/store/database.js';
import { codeFrom, redeemCode, signInAndAuthorize } from '../helpers/browser-flow.js';
import { onServerDatabase, serverDatabasePort } from '../helpers/test-database.js';
import { type InspectingTcpProxy, queryContains, startInspectingTcpProxy } from '../helpers/tcp-proxy.js';
import { registerClient, registerUser, startTestServer, type TestClient, type TestServer } from '../helpers/test-server.js';

// The connection is cut in the TCP path to the database server (MySQL or PostgreSQL); the embedded SQLite
// database has no connection to cut.
const describeOnServerDatabase = onServerDatabase ? describe : describe.skip;

const redirectUri = 'https://app.example.com/cb';
const unavailable = { error: 'temporarily_unavailable', error_description: 'The service is temporarily unavailable. Retry later.' };

describeOnServerDatabase('database faults mid-transaction (MySQL or PostgreSQL through a TCP proxy that cuts on a chosen statement)', () => {
  let proxy: InspectingTcpProxy;
  let server: TestServer;
  /** A direct connection to the database, around the proxy, to read what was really committed. */
  let direct: Knex;
  let client: TestClient;

  beforeAll(async () => {
    const url = process.env.LATCHKEY_TEST_DATABASE_URL as string;
    direct = openDatabase(url);
    const target = new URL(url);
    proxy = await startInspectingTcpProxy(serverDatabasePort(target), target.hostname);
    target.port = String(proxy.port);
    server = await startTestServer({ databaseUrl: target.toString() });
    client = await registerClient(server.lk, { grantTypes: ['authorization_code', 'refresh_token'], scopes: ['read', 'write'], redirectUris: [redirectUri] });
  });
  afterAll(async () => {
    await server.close();
    await proxy.close();
    await direct.destroy();
  });
  afterEach(() => proxy.restore());

  /** Signs a fresh user in and returns an unredeemed code with its verifier. */
  async function issueCode(): Promise<{ code: string; verifier: string }> {
    const { username, password } = await registerUser(server.lk);
    const result = await signInAndAuthorize(server, { client, user: { username, password }, params: { scope: 'read write' } });
    return { code: codeFrom(result), verifier: result.verifier as string };
  }

  async function obtainRefreshToken(): Promise<string> {
    const { code, verifier } = await issueCode();
    const res = await redeemCode(server, client, { code, redirect_uri: redirectUri, code_verifier: verifier });
    expect(res.response.status).toBe(200);
    return res.data!.refresh_token!;
  }

  const refresh = (refreshToken: string) =>
    postToken({ client: server.sdk, body: { grant_type: 'refresh_token', refresh_token: refreshToken }, headers: { Authorization: client.basic } });

  /** The presented token's row and every token of its family, as committed. */
  async function refreshState(refreshToken: string) {
    const token = (await direct('refresh_tokens').where({ token_hash: sha256Hex(refreshToken) }).first()) as { family_id: string; rotated_at: unknown };
    const family = (await direct('refresh_token_families').where({ id: token.family_id }).first()) as { revoked_at: unknown; revoked_reason: unknown };
    const tokens = (await direct('refresh_tokens').where({ family_id: token.family_id })) as { token_hash: string; rotated_at: unknown }[];
    return { token, family, tokens };
  }

  async function codeState(code: string) {
    const row = (await direct('authorization_codes').where({ code_hash: sha256Hex(code) }).first()) as { consumed_at: unknown; grant_id: string };
    const families = (await direct('refresh_token_families').where({ id: row.grant_id })) as unknown[];
    const tokens = (await direct('refresh_tokens').where({ family_id: row.grant_id })) as unknown[];
    return { row, families, tokens };
  }

  /**
   * Arms a cut before the statement containing `cutAt`, and records whether a statement containing
   * `earlier` went through first (proof that the cut lands inside the transaction, after that write).
   */
  function cutBefore(cutAt: string, earlier: string): { cut: Promise<void>; sawEarlier: () => boolean } {
    let seen = false;
    const cut = proxy.cutWhen((chunk) => {
      if (queryContains(chunk, earlier)) seen = true;
      return seen && queryContains(chunk, cutAt);
    });
    return { cut, sawEarlier: () => seen };
  }

  function expectUnavailable(res: { response: Response; error?: unknown }): void {
    expect(res.response.status).toBe(503);
    expect(res.response.headers.get('retry-after')).toBe('5');
    expect(res.error).toEqual(unavailable);
  }

  it('refresh rotation: a cut before the successor insert rolls the rotation back; the token then works exactly once', async () => {
    const presented = await obtainRefreshToken();
    const before = await refreshState(presented);
    expect(before.tokens).toHaveLength(1);

    // The transaction has already run `UPDATE refresh_tokens SET rotated_at` when the successor's INSERT is sent.
    const { cut, sawEarlier } = cutBefore('insert into refresh_tokens', 'update refresh_tokens set rotated_at');
    const during = await refresh(presented);
    await cut;
    expect(sawEarlier()).toBe(true);
    expectUnavailable(during);

    // Nothing half-written: the presented token is not marked rotated and has no successor.
    const after = await refreshState(presented);
    expect(after.token.rotated_at).toBeNull();
    expect(after.tokens).toHaveLength(1);
    expect(after.family.revoked_at).toBeNull();

    // The server recovers by itself: the very next request after the restore succeeds.
    proxy.restore();
    const retried = await refresh(presented);
    expect(retried.response.status).toBe(200);
    const successor = retried.data!.refresh_token!;
    expect(successor).not.toBe(presented);
    const rotated = await refreshState(presented);
    expect(rotated.token.rotated_at).not.toBeNull();
    expect(rotated.tokens).toHaveLength(2);

    // Exactly once: presenting it again is reuse (grace 0 by default), which revokes the family.
    const replay = await refresh(presented);
    expect(replay.response.status).toBe(400);
    expect(replay.error).toMatchObject({ error: 'invalid_grant' });
    expect((await refresh(successor)).response.status).toBe(400);
  }, 60_000);

  it('code redemption: a cut before the grant insert rolls the consumption back; the code then redeems exactly once', async () => {
    const { code, verifier } = await issueCode();
    const redeem = () => redeemCode(server, client, { code, redirect_uri: redirectUri, code_verifier: verifier });

    // The transaction has already run `UPDATE authorization_codes SET consumed_at` when the grant's INSERT is sent.
    const { cut, sawEarlier } = cutBefore('insert into refresh_token_families', 'update authorization_codes set consumed_at');
    const during = await redeem();
    await cut;
    expect(sawEarlier()).toBe(true);
    expectUnavailable(during);

    // Nothing half-written: the code is not consumed and no grant (family) or refresh token exists for it.
    const after = await codeState(code);
    expect(after.row.consumed_at).toBeNull();
    expect(after.families).toHaveLength(0);
    expect(after.tokens).toHaveLength(0);

    proxy.restore();
    const retried = await redeem();
    expect(retried.response.status).toBe(200);
    expect(retried.data!.refresh_token).toEqual(expect.any(String));
    const redeemed = await codeState(code);
    expect(redeemed.row.consumed_at).not.toBeNull();
    expect(redeemed.families).toHaveLength(1);
    expect(redeemed.tokens).toHaveLength(1);

    // Exactly once: a second redemption is refused and revokes what the first one issued.
    const replay = await redeem();
    expect(replay.response.status).toBe(400);
    expect(replay.error).toMatchObject({ error: 'invalid_grant' });
    expect((await refresh(retried.data!.refresh_token!)).response.status).toBe(400);
  }, 60_000);

  it('code redemption: a cut before the first refresh-token insert (after the grant insert) also rolls everything back', async () => {
    const { code, verifier } = await issueCode();
    const redeem = () => redeemCode(server, client, { code, redirect_uri: redirectUri, code_verifier: verifier });

    const { cut, sawEarlier } = cutBefore('insert into refresh_tokens', 'insert into refresh_token_families');
    const during = await redeem();
    await cut;
    expect(sawEarlier()).toBe(true);
    expectUnavailable(during);

    // The family row was inserted in the same transaction; it must be gone with the rest.
    const after = await codeState(code);
    expect(after.row.consumed_at).toBeNull();
    expect(after.families).toHaveLength(0);
    expect(after.tokens).toHaveLength(0);

    proxy.restore();
    const retried = await redeem();
    expect(retried.response.status).toBe(200);
    expect((await redeem()).response.status).toBe(400);
  }, 60_000);

  it('refresh rotation: when the COMMIT went through but its answer was lost, the state is complete (rotated with one successor), not half-written', async () => {
    const presented = await obtainRefreshToken();

    // COMMIT reaches the database and is executed; the OK packet is dropped and the connection cut.
    let inserted = false;
    const cut = proxy.cutWhen((chunk) => {
      if (queryContains(chunk, 'insert into refresh_tokens')) inserted = true;
      return inserted && queryContains(chunk, 'commit');
    }, 'after');
    const during = await refresh(presented);
    await cut;
    expect(inserted).toBe(true);
    // The server cannot know the commit happened, so it answers 503 like any other outage.
    expectUnavailable(during);

    const after = await refreshState(presented);
    expect(after.token.rotated_at).not.toBeNull();
    expect(after.tokens).toHaveLength(2);
    const successors = after.tokens.filter((t) => t.token_hash !== sha256Hex(presented));
    expect(successors).toHaveLength(1);
    expect(successors[0]!.rotated_at).toBeNull();
    expect(after.family.revoked_at).toBeNull();

    // Recovery: the server serves again at once. The client never received the successor, so a retry
    // with the old token is a replay (grace 0 by default): refused, and the family is revoked as reuse.
    proxy.restore();
    const retried = await refresh(presented);
    expect(retried.response.status).toBe(400);
    expect(retried.error).toMatchObject({ error: 'invalid_grant' });
    expect((await refreshState(presented)).family.revoked_reason).toBe('reuse_detected');
    expect((await refresh(await obtainRefreshToken())).response.status).toBe(200);
  }, 60_000);
});
