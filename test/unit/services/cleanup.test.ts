import { randomUUID } from 'node:crypto';
import { cleanupPolicyOf } from '../../../src/services/cleanup.js';
import { cleanUpExpired, takeCleanupLease } from '../../../src/store/cleanup.js';
import { registerClient, registerUser, startTestServer, type TestServer } from '../../helpers/test-server.js';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server.close());

const day = 86_400_000;

describe('clean-up of expired rows', () => {
  it('removes what expired, keeps what is live, in batches', async () => {
    const now = Date.now();
    const db = server.lk.db;
    const { client } = await registerClient(server.lk, { grantTypes: ['authorization_code'], redirectUris: ['https://app.example/cb'] });
    const { user } = await registerUser(server.lk);
    const ids = { oldSession: randomUUID(), liveSession: randomUUID(), oldJti: randomUUID(), liveJti: randomUUID(), oldFamily: randomUUID(), liveFamily: randomUUID(), revokedFamily: randomUUID() };
    await db('sessions').insert([
      { id_hash: ids.oldSession, user_id: user.id, csrf_token: 'x', auth_time: now - day, created_at: now - day, expires_at: now - 1 },
      { id_hash: ids.liveSession, user_id: user.id, csrf_token: 'x', auth_time: now, created_at: now, expires_at: now + day },
    ]);
    await db('revoked_access_tokens').insert([
      { jti: ids.oldJti, client_id: client.clientId, expires_at: now - 1, revoked_at: now - day },
      { jti: ids.liveJti, client_id: client.clientId, expires_at: now + 60_000, revoked_at: now },
    ]);
    const family = (id: string, expires: number, revoked: number | null) => ({ id, client_id: client.clientId, user_id: user.id, scope: 'read', created_at: now - 2 * day, expires_at: expires, revoked_at: revoked, revoked_reason: revoked ? 'revoked' : null });
    await db('refresh_token_families').insert([family(ids.oldFamily, now - day, null), family(ids.liveFamily, now + day, null), family(ids.revokedFamily, now + day, now - day)]);
    await db('audit_events').insert({ at: now - 100 * day, event: 'token.issued', outcome: 'success', client_id: client.clientId });
    const oldFailure = randomUUID().replace(/-/g, '');
    await db('login_failures').insert({ account_key: oldFailure, failures: 3, last_failure_at: now - day });

    const report = await cleanUpExpired(db, { tokenLifetimeS: 900, auditRetentionDays: 90, lockoutResetS: 43_200, batchSize: 1 }, now);

    const has = async (table: string, key: string, value: string) => (await db(table).where(key, value).first()) !== undefined;
    expect(await has('sessions', 'id_hash', ids.oldSession)).toBe(false);
    expect(await has('sessions', 'id_hash', ids.liveSession)).toBe(true);
    expect(await has('revoked_access_tokens', 'jti', ids.oldJti)).toBe(false);
    expect(await has('revoked_access_tokens', 'jti', ids.liveJti)).toBe(true);
    expect(await has('refresh_token_families', 'id', ids.oldFamily)).toBe(false);
    expect(await has('refresh_token_families', 'id', ids.revokedFamily)).toBe(false);
    expect(await has('refresh_token_families', 'id', ids.liveFamily)).toBe(true);
    expect(report.sessions).toBeGreaterThanOrEqual(1);
    expect(report.refresh_token_families).toBeGreaterThanOrEqual(2);
    expect(report.audit_events).toBeGreaterThanOrEqual(1);
    expect(await db('audit_events').where('at', '<', now - 90 * day).first()).toBeUndefined();
    expect(await has('login_failures', 'account_key', oldFailure)).toBe(false);
  });

  it('keeps a revoked family as long as the longest-lived token of it (access or ID token) can be valid', async () => {
    const now = Date.now();
    const db = server.lk.db;
    const { client } = await registerClient(server.lk, { grantTypes: ['authorization_code'], redirectUris: ['https://app.example/cb'] });
    const { user } = await registerUser(server.lk);
    const [recent, old] = [randomUUID(), randomUUID()];
    const family = (id: string, revokedAt: number) => ({ id, client_id: client.clientId, user_id: user.id, scope: 'openid', created_at: now - day, expires_at: now + day, revoked_at: revokedAt, revoked_reason: 'revoked' });
    await db('refresh_token_families').insert([family(recent, now - 1800_000), family(old, now - 3700_000)]);
    const policy = cleanupPolicyOf({ accessTokenTtlS: 900, idTokenTtlS: 3600, auditRetentionDays: 90, lockout: server.lk.config.lockout });
    expect(policy.tokenLifetimeS).toBe(3600);
    await cleanUpExpired(db, policy, now);
    expect(await db('refresh_token_families').where({ id: recent }).first()).toBeDefined();
    expect(await db('refresh_token_families').where({ id: old }).first()).toBeUndefined();
  });

  it('keeps revoked families longer for a registered API whose tokens live longer (issue 12 §1)', async () => {
    const now = Date.now();
    const db = server.lk.db;
    const { client } = await registerClient(server.lk);
    const { user } = await registerUser(server.lk);
    const [recent, old] = [randomUUID(), randomUUID()];
    const family = (id: string, revokedAt: number) => ({ id, client_id: client.clientId, user_id: user.id, scope: 'read', created_at: now - 2 * day, expires_at: now + day, revoked_at: revokedAt, revoked_reason: 'revoked' });
    await db('refresh_token_families').insert([family(recent, now - 5_400_000), family(old, now - day - 60_000)]);
    const { api } = await server.lk.apis.create({ identifier: `https://long-lived-${randomUUID()}.example`, name: 'Long-lived', scopes: [], accessTokenTtlS: 7200 });
    try {
      await cleanUpExpired(db, { tokenLifetimeS: 900, auditRetentionDays: 90, lockoutResetS: 43_200 }, now);
      expect(await db('refresh_token_families').where({ id: recent }).first()).toBeDefined();
      // No API's tokens live longer than a day.
      expect(await db('refresh_token_families').where({ id: old }).first()).toBeUndefined();
    } finally {
      await server.lk.apis.delete(api.identifier);
    }
  });

  it('lets only one process hold the clean-up lease until it expires', async () => {
    const db = server.lk.db;
    const now = Date.now() + 10 * day;
    const [a, b] = [randomUUID(), randomUUID()];
    expect(await takeCleanupLease(db, a, now, 60_000)).toBe(true);
    expect(await takeCleanupLease(db, b, now + 1_000, 60_000)).toBe(false);
    expect(await takeCleanupLease(db, a, now + 1_000, 60_000)).toBe(true);
    expect(await takeCleanupLease(db, b, now + 120_000, 60_000)).toBe(true);
  });
});
