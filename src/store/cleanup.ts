import type { Knex } from 'knex';

/** What one clean-up pass removed, per table. */
export type CleanupReport = Record<string, number>;

/** Retention rules: everything else is kept exactly as long as it can still matter. */
export interface CleanupPolicy {
  /**
   * Revoked or expired families stay as long as the longest-lived token issued under them (access or
   * ID token), so tokens minted from them are still refused. A registered API with a longer access-token
   * lifetime raises it (read at each pass).
   */
  tokenLifetimeS: number;
  auditRetentionDays: number;
  /** Failed sign-ins older than this are forgotten (LATCHKEY_LOCKOUT_RESET_S). */
  lockoutResetS: number;
  batchSize?: number;
}

interface Target {
  table: string;
  key: string;
  where: (q: Knex.QueryBuilder, now: number) => Knex.QueryBuilder;
}

const day = 86_400_000;

function targets(policy: CleanupPolicy, tokenLifetimeS: number): Target[] {
  const tokenLifetime = tokenLifetimeS * 1000;
  return [
    { table: 'authorization_codes', key: 'code_hash', where: (q, now) => q.where('expires_at', '<', now - day) },
    { table: 'interactions', key: 'id_hash', where: (q, now) => q.where('expires_at', '<', now) },
    { table: 'sessions', key: 'id_hash', where: (q, now) => q.where('expires_at', '<', now) },
    { table: 'webauthn_challenges', key: 'challenge_hash', where: (q, now) => q.where('expires_at', '<', now) },
    { table: 'revoked_access_tokens', key: 'jti', where: (q, now) => q.where('expires_at', '<', now) },
    {
      table: 'refresh_token_families',
      key: 'id',
      where: (q, now) =>
        q.where((w) => {
          w.where('expires_at', '<', now - tokenLifetime).orWhere('revoked_at', '<', now - tokenLifetime);
        }),
    },
    { table: 'audit_events', key: 'id', where: (q, now) => q.where('at', '<', now - policy.auditRetentionDays * day) },
    { table: 'login_failures', key: 'account_key', where: (q, now) => q.where('last_failure_at', '<', now - policy.lockoutResetS * 1000) },
  ];
}

/**
 * Removes expired rows in small batches (select keys, delete by key), so no
 * statement holds locks for long and live traffic keeps flowing.
 */
export async function cleanUpExpired(db: Knex, policy: CleanupPolicy, now: number): Promise<CleanupReport> {
  const batchSize = policy.batchSize ?? 500;
  const report: CleanupReport = {};
  const [longestApi] = (await db('apis').max({ ttl: 'access_token_ttl_s' })) as { ttl: unknown }[];
  const tokenLifetimeS = Math.max(policy.tokenLifetimeS, Number(longestApi?.ttl ?? 0));
  for (const target of targets(policy, tokenLifetimeS)) {
    let removed = 0;
    for (;;) {
      const rows: Record<string, unknown>[] = await target.where(db(target.table).select(target.key), now).limit(batchSize);
      if (rows.length === 0) break;
      removed += await db(target.table).whereIn(target.key, rows.map((r) => r[target.key] as string)).delete();
      if (rows.length < batchSize) break;
    }
    report[target.table] = removed;
  }
  return report;
}

/**
 * A lease in `latchkey_meta` so that of several processes only one cleans at a
 * time: the row is taken atomically when free or expired.
 */
export async function takeCleanupLease(db: Knex, holder: string, now: number, leaseMs: number): Promise<boolean> {
  await db('latchkey_meta').insert({ name: 'cleanup_lease', value: '0|' }).onConflict('name').ignore();
  // The value is `expiry|holder`; PostgreSQL has no INSTR, and SQLite no POSITION or SPLIT_PART.
  const expiry = db.client.config.client === 'pg' ? "CAST(SPLIT_PART(value, '|', 1) AS DECIMAL(20,0))" : "CAST(SUBSTR(value, 1, INSTR(value, '|') - 1) AS DECIMAL(20,0))";
  const taken = await db('latchkey_meta')
    .where({ name: 'cleanup_lease' })
    .andWhere((w) => {
      w.where('value', 'like', `%|${holder}`).orWhereRaw(`${expiry} < ?`, [now]);
    })
    .update({ value: `${now + leaseMs}|${holder}` });
  return taken === 1;
}
