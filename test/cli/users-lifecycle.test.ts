import { cliEnv, expectOneLineError, runCli, runJson, unique } from './run-cli.js';

const env = cliEnv();

type UserJson = Record<string, unknown> & { id: string; username: string };
type AuditJson = { id: number; at: string; event: string; outcome: string; client_id: string | null; subject: string | null; detail: Record<string, unknown> | null };

const createUser = (username: string) => runJson<UserJson>(env, ['users', 'create', '--username', username, '--email', `${username}@example.com`, '--password-stdin'], 'correct horse battery staple\n');

describe('latchkey users show / enable / delete', () => {
  it('shows every field but the hash, as JSON and as lines', async () => {
    const created = await createUser(unique('erin'));
    const noFactors = { totp: null, totp_pending: false, recovery_codes: { left: 0, total: 0, created_at: null }, passkeys: [] };
    expect(await runJson(env, ['users', 'show', created.username])).toEqual({ ...created, second_factors: noFactors });
    const text = await runCli(env, ['users', 'show', created.username.toUpperCase()]);
    expect(text.status).toBe(0);
    expect(text.stdout).toContain(`username:       ${created.username}`);
    expect(text.stdout).toContain('status:         active');
    expect(text.stdout).not.toMatch(/argon2|password/i);
  });

  it('enables a disabled user, and says so in the audit trail', async () => {
    const created = await createUser(unique('frank'));
    await runJson(env, ['users', 'disable', created.username]);
    expect((await runJson<UserJson>(env, ['users', 'show', created.username])).disabled).toBe(true);
    expect(await runJson(env, ['users', 'enable', created.username])).toEqual(created);
    expect((await runJson<UserJson>(env, ['users', 'show', created.username])).disabled).toBe(false);
    const events = await runJson<AuditJson[]>(env, ['audit', 'list', '--user', created.username]);
    expect(events.map((e) => e.event)).toEqual(['user.enabled', 'user.disabled', 'user.created']);
    expect(events.every((e) => e.subject === created.id)).toBe(true);
  });

  it('deletes a user: gone from show and list, the name free again, the audit trail keeps the id', async () => {
    const created = await createUser(unique('grace'));
    expect(await runJson(env, ['users', 'delete', created.username])).toEqual({ id: created.id, username: created.username, deleted: true, grants_ended: 0, sessions_ended: 0 });
    expect(expectOneLineError(await runCli(env, ['users', 'show', created.username]), 1)).toMatch(/no such user/);
    expect((await runJson<UserJson[]>(env, ['users', 'list'])).some((u) => u.id === created.id)).toBe(false);
    const again = await createUser(created.username);
    expect(again.id).not.toBe(created.id);
    const deleted = await runJson<AuditJson[]>(env, ['audit', 'list', '--event', 'user.deleted', '--limit', '1000']);
    const mine = deleted.find((e) => e.subject === created.id);
    expect(mine).toMatchObject({ outcome: 'success', detail: { grants_ended: 0, sessions_ended: 0 } });
    expect(JSON.stringify(mine)).not.toContain(created.username);
    expect(expectOneLineError(await runCli(env, ['users', 'delete', unique('nobody')]), 1)).toMatch(/no such user/);
  });
});

describe('latchkey audit list', () => {
  it('pages newest first: a full page names the next one, whose events are all older', async () => {
    for (let i = 0; i < 3; i++) await createUser(unique('page'));
    const first = await runJson<AuditJson[]>(env, ['audit', 'list', '--event', 'user.created', '--limit', '2']);
    expect(first).toHaveLength(2);
    expect(first[0]!.id).toBeGreaterThan(first[1]!.id);
    const text = await runCli(env, ['audit', 'list', '--event', 'user.created', '--limit', '2']);
    expect(text.stdout).toContain(`more: latchkey audit list --before ${first[1]!.id}`);
    const second = await runJson<AuditJson[]>(env, ['audit', 'list', '--event', 'user.created', '--limit', '2', '--before', String(first[1]!.id)]);
    expect(second.length).toBeGreaterThan(0);
    expect(second.every((e) => e.id < first[1]!.id && e.event === 'user.created')).toBe(true);
  });

  it('filters by time, client and user, and refuses bad options with one line', async () => {
    await createUser(unique('recent'));
    expect((await runJson<AuditJson[]>(env, ['audit', 'list', '--since', '1h'])).length).toBeGreaterThan(0);
    expect(await runJson<AuditJson[]>(env, ['audit', 'list', '--client', unique('no-such-client')])).toEqual([]);
    const cases: [string[], number, RegExp][] = [
      [['audit', 'list', '--limit', '0'], 2, /--limit must be a whole number from 1 to 1000/],
      [['audit', 'list', '--limit', 'ten'], 2, /--limit must be a whole number/],
      [['audit', 'list', '--since', 'yesterday'], 2, /--since must be a duration/],
      [['audit', 'list', '--user', unique('nobody')], 1, /no such user/],
    ];
    for (const [args, status, message] of cases) expect(expectOneLineError(await runCli(env, args), status)).toMatch(message);
  });
});
