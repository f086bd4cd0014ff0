import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cliEnv, expectOneLineError, runCli, runJson } from './run-cli.js';

describe('latchkey migrate', () => {
  it('applies pending migrations, then says it is up to date', async () => {
    const env = cliEnv();
    const first = await runJson<{ applied: string[] }>(env, ['migrate']);
    expect(Array.isArray(first.applied)).toBe(true);
    expect(await runJson(env, ['migrate'])).toEqual({ applied: [] });
    expect(await runCli(env, ['migrate'])).toEqual({ status: 0, stdout: 'up to date\n', stderr: '' });
  });

  it('in production, other commands refuse a database with pending migrations until `latchkey migrate` ran', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'latchkey-cli-prod-'));
    const env = cliEnv({ NODE_ENV: 'production', LATCHKEY_ISSUER: 'https://auth.example.com', DATABASE_URL: `sqlite:${join(dir, 'db.sqlite')}` });
    expect(expectOneLineError(await runCli(env, ['clients', 'list']), 1)).toMatch(/pending\): run `latchkey migrate`$/);
    const migrated = await runCli(env, ['migrate']);
    expect({ status: migrated.status, stderr: migrated.stderr }).toEqual({ status: 0, stderr: '' });
    expect(migrated.stdout).toMatch(/^applied 001-initial-schema\n(applied [\w-]+\n)*$/);
    expect(await runJson(env, ['clients', 'list'])).toEqual([]);
  });

  it('without DATABASE_URL, refuses to invent an empty database where the default file is missing, and names it', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'latchkey-cli-elsewhere-'));
    const { DATABASE_URL: _unset, ...env } = cliEnv({ LATCHKEY_DATA_DIR: dataDir });
    for (const args of [['clients', 'list'], ['users', 'list'], ['keys', 'rewrap', '--old-kek-file', '/nonexistent', '--new-kek-file', '/nonexistent']]) {
      const message = expectOneLineError(await runCli(env, args), 1);
      expect(message).toContain(`no database at ${join(dataDir, 'latchkey.sqlite')}`);
      expect(message).toContain('latchkey migrate');
    }
    expect(readdirSync(dataDir)).toEqual([]);
    expect((await runCli(env, ['migrate'])).status).toBe(0);
    expect(await runJson(env, ['clients', 'list'])).toEqual([]);
  });
});
