import { cliEnv, expectOneLineError, expectUnchanged, runCli, runJson, unique } from './run-cli.js';

const env = cliEnv();

type UserJson = Record<string, unknown> & { id: string; username: string };

const listUsers = () => runJson<UserJson[]>(env, ['users', 'list']);

describe('latchkey users', () => {
  it('creates a user from stdin, lists, sets the password and disables, never printing the hash', async () => {
    const username = unique('alice');
    const created = await runJson<UserJson>(
      env,
      ['users', 'create', '--username', username.toUpperCase(), '--email', `${username}@example.com`, '--name', 'Alice A', '--email-verified', '--password-stdin'],
      'correct horse battery\nsecond line is ignored\n',
    );
    expect(created).toEqual({
      id: expect.any(String),
      username,
      name: 'Alice A',
      email: `${username}@example.com`,
      email_verified: true,
      disabled: false,
      created_at: expect.any(Number),
    });
    const list = await runCli(env, ['users', 'list', '--json']);
    expect(list.stdout).not.toMatch(/argon2|password/i);
    expect((JSON.parse(list.stdout) as UserJson[]).find((u) => u.id === created.id)).toEqual(created);

    expect(await runJson(env, ['users', 'set-password', username, '--password-stdin'], 'another long password')).toEqual({
      ...created,
      refresh_token_families_revoked: 0,
      sessions_ended: 0,
    });
    const disabled = await runJson(env, ['users', 'disable', username]);
    expect(disabled).toEqual({ ...created, disabled: true, refresh_token_families_revoked: 0, sessions_ended: 0 });
    expect((await listUsers()).find((u) => u.id === created.id)?.disabled).toBe(true);
  });

  it('refuses a duplicate username, a short or missing password and unknown users with one line, changing nothing', async () => {
    const username = unique('bob-the-builder');
    await runJson(env, ['users', 'create', '--username', username, '--password-stdin'], 'first password, long enough\n');
    const before = await listUsers();
    const newcomer = unique('carol');
    const cases: [string[], string, number, RegExp][] = [
      [['users', 'create', '--username', username.toUpperCase(), '--password-stdin'], 'other password, long enough\n', 1, /username already exists/],
      [['users', 'create', '--username', newcomer, '--password-stdin'], 'fourteen chars\n', 1, /^latchkey: password must be at least 15 characters \(a few words make a good one\); it has 14$/],
      [['users', 'create', '--username', newcomer, '--password-stdin'], '', 1, /nothing on standard input/],
      [['users', 'create', '--username', newcomer], '', 2, /pass it on standard input with --password-stdin/],
      [['users', 'create', '--username', newcomer, '--password', 'x'], '', 2, /unknown option '--password'/],
      [['users', 'set-password', username, '--password-stdin'], 'tiny\n', 1, /^latchkey: password must be at least 15 characters/],
      [['users', 'disable', unique('nobody')], '', 1, /no such user/],
    ];
    const runs = await Promise.all(cases.map(([args, input]) => runCli(env, args, input)));
    runs.forEach((run, i) => {
      const [, , status, message] = cases[i] as (typeof cases)[number];
      expect(expectOneLineError(run, status)).toMatch(message);
    });
    const after = await listUsers();
    expectUnchanged(before, after, 'id');
    expect(after.filter((u) => u.username === newcomer)).toEqual([]);
  });

  it('gives the password policy\'s reason in one line: common and breached passwords, the username (LATCHKEY_PASSWORD_MIN_LENGTH=8)', async () => {
    const lenient = { ...env, LATCHKEY_PASSWORD_MIN_LENGTH: '8' };
    const username = unique('dave');
    const common = await runCli(lenient, ['users', 'create', '--username', username, '--password-stdin'], 'password\n');
    expect(expectOneLineError(common, 1)).toBe('latchkey: password is on the list of common and breached passwords: choose another');
    await runJson(lenient, ['users', 'create', '--username', username, '--password-stdin'], 'zorp-glub\n');
    const same = await runCli(lenient, ['users', 'set-password', username, '--password-stdin'], `${username.toUpperCase()}\n`);
    expect(expectOneLineError(same, 1)).toBe('latchkey: password must not be the username: choose another');
  });
});
