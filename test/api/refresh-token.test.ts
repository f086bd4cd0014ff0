import { createHash } from 'node:crypto';
import { getCurrentUser, postIntrospect, postToken } from '../../generated/sdk.gen.js';
import { atomicStepHooks, barrier } from '../helpers/atomic-step-barrier.js';
import { onServerDatabase } from '../helpers/test-database.js';
import { jwtPayload, recentAuditEvents, registerClient, registerUser, startTestServer, type TestClient, testClock, type TestServer } from '../helpers/test-server.js';

const clock = testClock();
const hooks = atomicStepHooks();
let server: TestServer;
beforeAll(async () => {
  server = await startTestServer({ clock, beforeAtomicStep: hooks.hook, env: { LATCHKEY_REFRESH_IDLE_TTL_S: '3600', LATCHKEY_REFRESH_ABSOLUTE_TTL_S: '7200' } });
});
afterEach(() => hooks.reset());
afterAll(() => server.close());

async function signIn(target: TestServer, scope = 'read write'): Promise<{ client: TestClient; access: string; refresh: string; userId: string }> {
  const client = await registerClient(target.lk, { grantTypes: ['password', 'refresh_token'], firstParty: true });
  const { user, username, password } = await registerUser(target.lk);
  const res = await postToken({ client: target.sdk, body: { grant_type: 'password', username, password, scope }, headers: { Authorization: client.basic } });
  expect(res.response.status).toBe(200);
  return { client, access: res.data!.access_token, refresh: res.data!.refresh_token!, userId: user.id };
}

function refresh(target: TestServer, client: TestClient, refreshToken: string, scope?: string) {
  return postToken({ client: target.sdk, body: { grant_type: 'refresh_token', refresh_token: refreshToken, ...(scope ? { scope } : {}) }, headers: { Authorization: client.basic } });
}

async function isActive(target: TestServer, client: TestClient, token: string): Promise<boolean> {
  const res = await postIntrospect({ client: target.sdk, body: { token }, headers: { Authorization: client.basic } });
  return res.data!.active;
}

describe('refresh_token grant (RFC 6749 §6, RFC 9700 §4.14)', () => {
  it('rotates: a new refresh token each time, the old one stops working', async () => {
    const { client, refresh: first } = await signIn(server);
    const res = await refresh(server, client, first);
    expect(res.response.status).toBe(200);
    expect(res.response.headers.get('cache-control')).toBe('no-store');
    const second = res.data!.refresh_token!;
    expect(second).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(second).not.toBe(first);
    expect(await isActive(server, client, first)).toBe(false);
    expect(await isActive(server, client, second)).toBe(true);
  });

  it('stores refresh tokens only as SHA-256 hashes', async () => {
    const { refresh: token } = await signIn(server);
    const rows = await server.lk.db('refresh_tokens').select('token_hash');
    expect(rows.some((r: { token_hash: string }) => r.token_hash === token)).toBe(false);
    expect(rows.some((r: { token_hash: string }) => r.token_hash === createHash('sha256').update(token).digest('hex'))).toBe(true);
  });

  it('treats a rotated token presented again as reuse: the family and its access tokens are revoked and audited', async () => {
    const { client, refresh: first, access: firstAccess } = await signIn(server);
    const rotated = await refresh(server, client, first);
    const { refresh_token: second, access_token: secondAccess } = rotated.data!;
    const replay = await refresh(server, client, first);
    expect(replay.response.status).toBe(400);
    expect(replay.error).toMatchObject({ error: 'invalid_grant' });
    expect((await refresh(server, client, second!)).error).toMatchObject({ error: 'invalid_grant' });
    for (const access of [firstAccess, secondAccess]) {
      const me = await getCurrentUser({ client: server.sdk, headers: { Authorization: `Bearer ${access}` } });
      expect(me.response.status).toBe(401);
      expect(me.response.headers.get('www-authenticate')).toContain('error="invalid_token"');
      expect(await isActive(server, client, access)).toBe(false);
    }
    const audit = await recentAuditEvents(server, 20, 'refresh_token.reuse_detected');
    // The revoked grant is named like in authorization_code.reuse_detected and token.issued.
    expect(audit.find((e) => e.clientId === client.client.clientId)?.detail).toEqual({ grant_id: jwtPayload(firstAccess).grant_id });
  });

  it('binds the token to its client: another client gets invalid_grant and the token still works', async () => {
    const { client, refresh: token } = await signIn(server);
    const other = await registerClient(server.lk, { grantTypes: ['password', 'refresh_token'], firstParty: true });
    const stolen = await refresh(server, other, token);
    expect(stolen.error).toMatchObject({ error: 'invalid_grant' });
    expect((await refresh(server, client, token)).response.status).toBe(200);
  });

  it('lets scope narrow but never widen, and a refused widening does not use up the token', async () => {
    const { client, refresh: token } = await signIn(server, 'read');
    const wider = await refresh(server, client, token, 'read write');
    expect(wider.response.status).toBe(400);
    expect(wider.error).toMatchObject({ error: 'invalid_scope' });
    const same = await refresh(server, client, token, 'read');
    expect(same.response.status).toBe(200);
    expect(same.data?.scope).toBe('read');
    const { client: c2, refresh: t2 } = await signIn(server, 'read write');
    const narrowed = await refresh(server, c2, t2, 'read');
    expect(narrowed.data?.scope).toBe('read');
    const back = await refresh(server, c2, narrowed.data!.refresh_token!);
    expect(back.data?.scope).toBe('read write');
  });

  it('expires after the idle lifetime and after the absolute family lifetime', async () => {
    const idle = await signIn(server);
    clock.advance(3601_000);
    expect((await refresh(server, idle.client, idle.refresh)).error).toMatchObject({ error: 'invalid_grant' });

    const absolute = await signIn(server);
    const client = absolute.client;
    let token = absolute.refresh;
    for (let i = 0; i < 3; i++) {
      clock.advance(3000_000);
      const res = await refresh(server, client, token);
      if (i < 2) {
        expect(res.response.status).toBe(200);
        token = res.data!.refresh_token!;
      } else {
        expect(res.error).toMatchObject({ error: 'invalid_grant', error_description: 'The refresh token has expired.' });
      }
    }
  });

  it('refuses tokens of a disabled user, whose families are revoked', async () => {
    const client = await registerClient(server.lk, { grantTypes: ['password', 'refresh_token'], firstParty: true });
    const { username, password } = await registerUser(server.lk);
    const res = await postToken({ client: server.sdk, body: { grant_type: 'password', username, password }, headers: { Authorization: client.basic } });
    const { grantsRevoked } = await server.lk.users.disable(username);
    expect(grantsRevoked).toBe(1);
    expect((await refresh(server, client, res.data!.refresh_token!)).error).toMatchObject({ error: 'invalid_grant' });
  });

  it('answers invalid_grant for garbage and invalid_request for a missing token', async () => {
    const { client } = await signIn(server);
    expect((await refresh(server, client, 'x'.repeat(43))).error).toMatchObject({ error: 'invalid_grant' });
    const missing = await postToken({ client: server.sdk, body: { grant_type: 'refresh_token' } as never, headers: { Authorization: client.basic } });
    expect(missing.error).toMatchObject({ error: 'invalid_request' });
  });
});

/**
 * The check that a token is unrotated and the rotation run in one transaction. On MySQL and PostgreSQL the barrier holds
 * every request between the two, so all of them read the token as unrotated and only the atomic
 * markRotated can pick the winner. SQLite's single connection serialises the transactions, so no second
 * request can read in between there; what can happen is a rival rotation landing between the read and the
 * update (another process on the same file), and the first test puts one there on both databases.
 */
const forcedOnServerDatabase = (parties: number) => {
  if (!onServerDatabase) return undefined;
  const gate = barrier(parties);
  hooks.on('refresh_token.rotate', () => gate.wait());
  return gate;
};

describe('concurrent refreshes of one token', () => {
  it('a rotation that lands between the check and the atomic step wins: the request is refused and the family revoked', async () => {
    const { client, refresh: token, access } = await signIn(server);
    let rivals = 0;
    hooks.on('refresh_token.rotate', async (stores) => {
      rivals += 1;
      expect(await stores.refreshTokens.markRotated(createHash('sha256').update(token).digest('hex'), clock.now())).toBe(true);
    });
    const res = await refresh(server, client, token);
    expect(rivals).toBe(1);
    expect(res.response.status).toBe(400);
    expect(res.error).toMatchObject({ error: 'invalid_grant', error_description: 'The refresh token was already used.' });
    expect(res.data).toBeUndefined();
    expect(await isActive(server, client, access)).toBe(false);
  });

  it('without a grace window: exactly one succeeds and the losers revoke the family', async () => {
    const { client, refresh: token } = await signIn(server);
    const gate = forcedOnServerDatabase(4);
    const results = await Promise.all(Array.from({ length: 4 }, () => refresh(server, client, token)));
    if (gate) expect(gate.arrivedBeforeRelease).toBe(4);
    const winners = results.filter((r) => r.response.status === 200);
    expect(winners).toHaveLength(1);
    for (const loser of results.filter((r) => r.response.status !== 200)) expect(loser.error).toMatchObject({ error: 'invalid_grant' });
    const successor = winners[0]!.data!.refresh_token!;
    expect((await refresh(server, client, successor)).error).toMatchObject({ error: 'invalid_grant' });
  });

  it('with a grace window: exactly one succeeds, the others get invalid_grant, nothing is revoked', async () => {
    const graceful = await startTestServer({ beforeAtomicStep: hooks.hook, env: { LATCHKEY_REFRESH_REUSE_GRACE_S: '30' } });
    try {
      const { client, refresh: token } = await signIn(graceful);
      const gate = forcedOnServerDatabase(4);
      const results = await Promise.all(Array.from({ length: 4 }, () => refresh(graceful, client, token)));
      if (gate) expect(gate.arrivedBeforeRelease).toBe(4);
      const winners = results.filter((r) => r.response.status === 200);
      expect(winners).toHaveLength(1);
      for (const loser of results.filter((r) => r.response.status !== 200)) {
        expect(loser.error).toMatchObject({ error: 'invalid_grant', error_description: 'The refresh token was just used; use its successor.' });
      }
      const successor = winners[0]!.data!.refresh_token!;
      const next = await refresh(graceful, client, successor);
      expect(next.response.status).toBe(200);
      expect(next.data?.refresh_token).toBeDefined();
    } finally {
      await graceful.close();
    }
  });
});
