import { cliEnv, expectOneLineError, runCli } from './run-cli.js';

const env = cliEnv();

const commands = [
  'migrate',
  'clients create',
  'clients list',
  'clients show',
  'clients delete',
  'clients rotate-secret',
  'users create',
  'users list',
  'users disable',
  'users set-password',
  'scopes create',
  'scopes list',
  'apis create',
  'apis update',
  'keys list',
  'keys rotate',
];

describe('latchkey help and usage errors', () => {
  it('lists every command in `latchkey --help`, also through bin/latchkey.js', async () => {
    const [viaSource, viaBin] = await Promise.all([runCli(env, ['--help']), runCli(env, ['--help'], '', ['bin/latchkey.js'])]);
    expect(viaSource.status).toBe(0);
    for (const command of commands) expect(viaSource.stdout).toContain(`\n  ${command} `);
    expect(viaBin).toEqual(viaSource);
  });

  it('prints usage for `COMMAND --help` and `GROUP --help`, exit 0, without touching the database', async () => {
    const noDatabase = { ...env, DATABASE_URL: 'mysql://root@127.0.0.1:1/unreachable' };
    const runs = await Promise.all([...commands.map((c) => runCli(noDatabase, [...c.split(' '), '--help'])), runCli(noDatabase, ['clients', '-h'])]);
    runs.slice(0, commands.length).forEach((run, i) => {
      expect({ status: run.status, stderr: run.stderr }).toEqual({ status: 0, stderr: '' });
      expect(run.stdout).toMatch(new RegExp(`^Usage: latchkey ${commands[i]}\\b`));
      expect(run.stdout).toContain('--json');
    });
    expect(runs[commands.length]?.stdout).toContain('clients rotate-secret');
    expect(runs[0]?.stdout).not.toContain('users create');
  });

  it('answers unknown or incomplete commands with exit 2 and one line', async () => {
    const runs = await Promise.all([runCli(env, []), runCli(env, ['frobnicate']), runCli(env, ['clients']), runCli(env, ['clients', 'explode'])]);
    const lines = runs.map((run) => expectOneLineError(run, 2));
    expect(lines[1]).toContain("unknown command 'frobnicate'");
    expect(lines[2]).toContain('create, list, show, update, delete, rotate-secret');
  });

  it('reports an unexpected error as one line without a stack trace, unless LATCHKEY_DEBUG=1', async () => {
    const down = { ...env, DATABASE_URL: 'mysql://root@127.0.0.1:1/unreachable' };
    const [quiet, debug] = await Promise.all([runCli(down, ['clients', 'list', '--json']), runCli({ ...down, LATCHKEY_DEBUG: '1' }, ['clients', 'list'])]);
    expect(expectOneLineError(quiet, 1)).toMatch(/^latchkey: database unavailable: .*ECONNREFUSED/);
    expect(debug.status).toBe(1);
    expect(debug.stderr).toMatch(/\n\s+at /);
  });
});
