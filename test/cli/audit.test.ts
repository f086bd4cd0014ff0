import { openDatabase } from '../../src/store/database.js';
import { cliEnv, runJson, unique } from './run-cli.js';

const env = cliEnv();

/** The audit rows about one user or client, oldest first, as a separate process stored them. */
async function auditTrail(column: 'subject' | 'client_id', value: string): Promise<{ event: string; outcome: string; ip: string | null; detail: unknown }[]> {
  const db = openDatabase(env.DATABASE_URL as string);
  try {
    const rows: { event: string; outcome: string; ip: string | null; detail: string | null }[] = await db('audit_events').where(column, value).orderBy('id').select('event', 'outcome', 'ip', 'detail');
    return rows.map((row) => ({ ...row, detail: row.detail === null ? null : (JSON.parse(row.detail) as unknown) }));
  } finally {
    await db.destroy();
  }
}

describe('admin actions from the CLI are audited', () => {
  it('records creating a user, changing the password, unlocking and disabling (with what each revoked)', async () => {
    const username = unique('audited');
    const user = await runJson<{ id: string }>(env, ['users', 'create', '--username', username, '--password-stdin'], 'first password, long enough\n');
    await runJson(env, ['users', 'set-password', username, '--password-stdin'], 'second password, long enough\n');
    await runJson(env, ['users', 'set-password', username, '--password-stdin', '--keep-sessions'], 'third password, long enough\n');
    await runJson(env, ['users', 'unlock', username]);
    await runJson(env, ['users', 'disable', username]);
    expect(await auditTrail('subject', user.id)).toEqual([
      { event: 'user.created', outcome: 'success', ip: null, detail: null },
      { event: 'user.password_changed', outcome: 'success', ip: null, detail: { refresh_token_families_revoked: 0, sessions_ended: 0, sessions_kept: false } },
      { event: 'user.password_changed', outcome: 'success', ip: null, detail: { refresh_token_families_revoked: 0, sessions_ended: 0, sessions_kept: true } },
      { event: 'user.unlocked', outcome: 'success', ip: null, detail: { failures: 0, was_locked: false } },
      { event: 'user.disabled', outcome: 'success', ip: null, detail: { refresh_token_families_revoked: 0, sessions_ended: 0 } },
    ]);
  });

  it('records creating a client, rotating its secret and deleting it, never with the secret', async () => {
    const created = await runJson<{ client_id: string; client_secret: string }>(env, ['clients', 'create', '--name', unique('audited'), '--grant', 'client_credentials', '--scope', 'read']);
    const rotated = await runJson<{ client_secret: string }>(env, ['clients', 'rotate-secret', created.client_id]);
    await runJson(env, ['clients', 'delete', created.client_id]);
    const trail = await auditTrail('client_id', created.client_id);
    expect(trail).toEqual([
      { event: 'client.created', outcome: 'success', ip: null, detail: { grant_types: ['client_credentials'], scope: 'read', admin: false } },
      { event: 'client.secret_rotated', outcome: 'success', ip: null, detail: { previous_secret_expires_at: null } },
      { event: 'client.deleted', outcome: 'success', ip: null, detail: null },
    ]);
    expect(JSON.stringify(trail)).not.toContain(created.client_secret);
    expect(JSON.stringify(trail)).not.toContain(rotated.client_secret);
  });

  it('records a signing key added by keys rotate, with its kid and activation time', async () => {
    const [key] = await runJson<{ kid: string; activates_at: string }[]>(env, ['keys', 'rotate', '--alg', 'ES256']);
    const db = openDatabase(env.DATABASE_URL as string);
    try {
      const rows: { detail: string }[] = await db('audit_events').where({ event: 'signing_key.added' }).select('detail');
      const details = rows.map((row) => JSON.parse(row.detail) as { kid: string; alg: string; activates_at: number });
      expect(details.filter((d) => d.kid === key!.kid)).toEqual([{ kid: key!.kid, alg: 'ES256', activates_at: Date.parse(key!.activates_at) }]);
    } finally {
      await db.destroy();
    }
  });
});
